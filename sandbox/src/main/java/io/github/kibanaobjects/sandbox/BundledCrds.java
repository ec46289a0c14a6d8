package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The CRDs the build copies from the repository's {@code crds/} folder into the sandbox's classes
 * ({@code crds/*.yml}), so the jar installs them from any working directory.
 */
final class BundledCrds {

  static final String FOLDER = "crds/";
  private static final String KIND = "CustomResourceDefinition";

  private BundledCrds() {}

  /** The CRDs bundled next to this class: in the jar, or in target/classes when run from Maven. */
  static List<CustomResourceDefinition> load(KubernetesSerialization serialization) {
    try {
      var location =
          Path.of(BundledCrds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isDirectory(location)
          ? fromFolder(location.resolve(FOLDER), serialization)
          : fromJar(location, serialization);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the sandbox's own classes", e);
    }
  }

  /** Every CRD in the folder's YAML files, sorted by file name; none if it is absent. */
  static List<CustomResourceDefinition> fromFolder(
      Path folder, KubernetesSerialization serialization) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      var crds = new ArrayList<CustomResourceDefinition>();
      for (var file : files.filter(BundledCrds::isYaml).sorted().toList()) {
        parse(Files.readString(file), serialization).ifPresent(crds::add);
      }
      return crds;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRDs in " + folder, e);
    }
  }

  private static List<CustomResourceDefinition> fromJar(
      Path jar, KubernetesSerialization serialization) {
    try (var zip = new ZipFile(jar.toFile())) {
      var entries =
          zip.stream()
              .filter(e -> e.getName().startsWith(FOLDER) && isYaml(Path.of(e.getName())))
              .sorted((a, b) -> a.getName().compareTo(b.getName()))
              .toList();
      var crds = new ArrayList<CustomResourceDefinition>();
      for (var entry : entries) {
        try (var in = zip.getInputStream(entry)) {
          parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), serialization)
              .ifPresent(crds::add);
        }
      }
      return crds;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRDs bundled in " + jar, e);
    }
  }

  /** Empty for the folder's other YAML, such as its kustomization.yaml. */
  private static Optional<CustomResourceDefinition> parse(
      String yaml, KubernetesSerialization serialization) {
    var crd = serialization.unmarshal(yaml, CustomResourceDefinition.class);
    return crd != null && KIND.equals(crd.getKind()) ? Optional.of(crd) : Optional.empty();
  }

  private static boolean isYaml(Path file) {
    var name = file.getFileName().toString();
    return name.endsWith(".yml") || name.endsWith(".yaml");
  }
}
