package io.github.kibanaobjects.operator.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/bad-input.md lists exactly the cases the admission and refusal tests run: a case without a
 * row, or a row without a case, fails here. After changing a case file, regenerate the table with
 *
 * <pre>
 * mvn -B -pl operator -am -Dtest=BadInputCatalogueTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbadinput.write=true test
 * </pre>
 */
class BadInputCatalogueTest {
  static final Path DOC = Path.of("..", "docs", "bad-input.md");

  @Test
  void theDocListsEveryCaseAndNothingElse() throws IOException {
    var doc = Files.readString(DOC);
    int marker = doc.indexOf(BadInputCatalogue.MARKER);
    assertThat(marker).as("%s has the line %s", DOC, BadInputCatalogue.MARKER).isNotNegative();
    var expected = BadInputCatalogue.markdown();
    if (Boolean.getBoolean("badinput.write")) {
      Files.writeString(DOC, doc.substring(0, marker) + expected);
      doc = Files.readString(DOC);
    }
    assertThat(doc.substring(marker))
        .as("the table of %s against the case files (regenerate: see BadInputCatalogueTest)", DOC)
        .isEqualTo(expected);
  }

  @Test
  void atLeastNinetyRefusalsAcrossEveryKind() {
    var rows = BadInputCatalogue.rows();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(90);
    assertThat(rows.stream().map(BadInputCatalogue.Row::kind).distinct())
        .containsExactlyInAnyOrder(
            "KibanaVisualization",
            "KibanaDashboard",
            "KibanaRole",
            "KibanaSpace",
            "KibanaConnection");
    assertThat(rows)
        .allSatisfy(row -> assertThat(row.message()).as("%s", row.source()).isNotBlank());
  }
}
