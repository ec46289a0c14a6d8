package io.github.kibanaobjects.operator.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DesiredStateHashTest {
  @Test
  void isTheSha256OfTheCanonicalJson() throws Exception {
    var expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest("{\"a\":1,\"b\":[2,\"x\"]}".getBytes(StandardCharsets.UTF_8)));

    assertThat(DesiredStateHash.of(JsonTrees.parseOrNull("{\"b\": [2, \"x\"], \"a\": 1.0}")))
        .isEqualTo(expected)
        .hasSize(64)
        .matches("[0-9a-f]{64}");
  }

  /**
   * Pinned: computed independently with Python ({@code json.dumps(normal_form, sort_keys=True,
   * separators=(',', ':'))} and SHA-256). If the canonical form ever changes, every resource would
   * look changed after an upgrade; this test makes such a change deliberate.
   */
  @Test
  void carsHashMatchesAnIndependentComputation() {
    var golden = Fixtures.json("golden/cars-visualization.json");

    assertThat(DesiredStateHash.ofSavedObject(golden))
        .isEqualTo("08e98ddb82a25766769c7bdea6d60c9b8fef2f9ca95ad64c8d0dfdcb4091f04e");
  }

  @Test
  void changesWithTheContent() {
    var one = DesiredStateHash.of(JsonTrees.parseOrNull("{\"a\":1}"));
    var two = DesiredStateHash.of(JsonTrees.parseOrNull("{\"a\":2}"));

    assertThat(one).isNotEqualTo(two);
  }

  @Test
  void savedObjectHashIgnoresWhatTheNormalizerIgnores() {
    var desired = VisualizationMapper.toSavedObject("c", "C", null, "{\"a\": 1}", true);
    var reformatted = VisualizationMapper.toSavedObject("c", "C", "", "{\n  \"a\": 1\n}", true);
    reformatted.put("updated_at", "2026-01-01T00:00:00Z");

    assertThat(DesiredStateHash.ofSavedObject(desired))
        .isEqualTo(DesiredStateHash.ofSavedObject(reformatted))
        .isNotEqualTo(
            DesiredStateHash.ofSavedObject(
                VisualizationMapper.toSavedObject("c", "C2", null, "{\"a\": 1}", true)));
  }
}
