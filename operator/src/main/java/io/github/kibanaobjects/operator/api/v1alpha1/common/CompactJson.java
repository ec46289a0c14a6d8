package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.kibanaobjects.operator.JsonLimits;

/**
 * Free-form JSON held as its compact text and parsed again when read. A chart held as a Jackson
 * tree takes about seven times its text; the informers keep every resource, so at thousands of
 * charts the trees were most of the operator's heap. Numbers read back as the Kubernetes client
 * parses them (doubles, not decimals), so a resource read from the API server gives the same tree;
 * a tree built in code with decimals gets its numbers as doubles, as the API server (float64)
 * would.
 */
public final class CompactJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonLimits.kubernetes(new JsonFactory())).build();

  private CompactJson() {}

  /** The tree's compact text; null for null. */
  public static String text(JsonNode tree) {
    return tree == null ? null : tree.toString();
  }

  /** The tree of text made by {@link #text}; null for null. */
  public static JsonNode tree(String text) {
    if (text == null) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("compact JSON that does not parse: " + e.getMessage(), e);
    }
  }
}
