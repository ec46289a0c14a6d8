package io.github.kibanaobjects.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the YAML files to apply and reads them as generic Kubernetes objects. */
final class Manifests {

  /** Folders skipped while recursing: they hold real-cluster settings, not sandbox material. */
  static final String PRODUCTION_FOLDER = "production";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private Manifests() {}

  /**
   * The YAML files named, and those under the folders named (recursively, sorted, skipping {@code
   * production/} sub-folders, READMEs and kustomization files).
   *
   * @throws IllegalArgumentException if a path does not exist
   */
  static List<Path> find(List<Path> paths) {
    var files = new ArrayList<Path>();
    for (var path : paths) {
      if (Files.isRegularFile(path)) {
        files.add(path);
      } else if (Files.isDirectory(path)) {
        files.addAll(underFolder(path));
      } else {
        throw new IllegalArgumentException("no such file or folder: " + path);
      }
    }
    return files;
  }

  private static List<Path> underFolder(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(file -> isManifest(file.getFileName().toString()))
          .filter(file -> !inProductionFolder(root.relativize(file)))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  static boolean isManifest(String fileName) {
    var name = fileName.toLowerCase(Locale.ROOT);
    return (name.endsWith(".yml") || name.endsWith(".yaml"))
        && !name.startsWith("readme")
        && !name.startsWith("kustomization.");
  }

  private static boolean inProductionFolder(Path relative) {
    for (var i = 0; i < relative.getNameCount() - 1; i++) {
      if (relative.getName(i).toString().equals(PRODUCTION_FOLDER)) {
        return true;
      }
    }
    return false;
  }

  /** Every object in the files, in file order; empty documents are skipped. */
  static List<GenericKubernetesResource> read(
      List<Path> files, KubernetesSerialization serialization) {
    var resources = new ArrayList<GenericKubernetesResource>();
    for (var file : files) {
      try {
        resources.addAll(parse(Files.readString(file), file.toString(), serialization));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return resources;
  }

  /**
   * The objects in one (possibly multi-document) YAML text.
   *
   * @throws IllegalArgumentException naming the source if a document has no apiVersion or kind
   */
  static List<GenericKubernetesResource> parse(
      String yaml, String source, KubernetesSerialization serialization) {
    var resources = new ArrayList<GenericKubernetesResource>();
    for (var document : DOCUMENT_SEPARATOR.split(yaml)) {
      if (isBlank(document)) {
        continue;
      }
      var resource = serialization.unmarshal(document, GenericKubernetesResource.class);
      if (resource == null) {
        continue;
      }
      if (resource.getApiVersion() == null || resource.getKind() == null) {
        throw new IllegalArgumentException(source + ": a document has no apiVersion or kind");
      }
      if (resource.getKind().endsWith("List") && resource.get("items") instanceof List<?>) {
        throw new IllegalArgumentException(source + ": List documents are not supported");
      }
      resources.add(resource);
    }
    return resources;
  }

  /** Only comments and whitespace. */
  private static boolean isBlank(String document) {
    return document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
  }
}
