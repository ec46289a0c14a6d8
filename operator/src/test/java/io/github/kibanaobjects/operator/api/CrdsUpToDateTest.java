package io.github.kibanaobjects.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs checked in at the repository root ({@code crds/}) must be exactly what the CRD generator
 * writes from the CR classes, so that what users install matches the code.
 */
class CrdsUpToDateTest {
  static final String REFRESH_COMMAND = "mvn -B -pl operator -am -Pupdate-crds verify";
  private static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8");
  private static final Path CHECKED_IN = Path.of("..", "crds");

  @Test
  void everyGeneratedCrdIsCheckedInUnchanged() throws IOException {
    var generated = crdFiles(GENERATED);
    assertThat(generated)
        .as("the CRD generator wrote nothing to %s; did process-classes run?", GENERATED)
        .isNotEmpty();
    for (var name : generated) {
      var checkedIn = CHECKED_IN.resolve(name);
      if (!Files.exists(checkedIn)) {
        fail(stale("crds/" + name + " is missing"));
      }
      if (!Files.readString(GENERATED.resolve(name)).equals(Files.readString(checkedIn))) {
        fail(stale("crds/" + name + " differs from the CRD generated from the Java classes"));
      }
    }
  }

  @Test
  void noCheckedInCrdLacksAClass() throws IOException {
    var generated = crdFiles(GENERATED);
    for (var name : crdFiles(CHECKED_IN)) {
      if (!generated.contains(name)) {
        fail(stale("crds/" + name + " has no CR class any more; delete it"));
      }
    }
  }

  private static String stale(String what) {
    return what
        + ". crds/ is stale: refresh it with `"
        + REFRESH_COMMAND
        + "` (from the repository root) and commit crds/.";
  }

  private static List<String> crdFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith("-v1.yml"))
          .sorted()
          .toList();
    }
  }
}
