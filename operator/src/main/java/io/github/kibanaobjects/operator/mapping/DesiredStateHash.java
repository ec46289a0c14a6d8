package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code status.lastAppliedHash}: SHA-256 (lower-case hex) of the canonical JSON (sorted keys,
 * numbers by value) of the normalised desired object. It tells "the spec changed since the last
 * write" from "Kibana drifted"; it never replaces reading Kibana.
 */
public final class DesiredStateHash {
  private DesiredStateHash() {}

  /** Hash of a tree that is already normalised. */
  public static String of(JsonNode normalizedDesired) {
    return sha256(JsonTrees.canonicalString(normalizedDesired).getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-256 (lower-case hex) of the bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Hash of a desired saved object, normalised by {@link SavedObjectNormalizer}. */
  public static String ofSavedObject(JsonNode desiredSavedObject) {
    return of(SavedObjectNormalizer.normalize(desiredSavedObject));
  }

  /** Hash of a desired space body, normalised by {@link SpaceNormalizer}. */
  public static String ofSpace(JsonNode desiredSpaceBody) {
    return of(SpaceNormalizer.normalize(desiredSpaceBody));
  }

  /** Hash of a desired role PUT body, normalised by {@link RoleNormalizer}. */
  public static String ofRole(JsonNode desiredRoleBody) {
    return of(RoleNormalizer.normalize(desiredRoleBody));
  }
}
