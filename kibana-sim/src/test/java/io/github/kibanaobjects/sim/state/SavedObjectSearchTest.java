package io.github.kibanaobjects.sim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SavedObjectSearchTest {

  private static StoredObject vis(String title) {
    var attributes = Json.object().put("title", title);
    return new StoredObject(
        "visualization",
        "id",
        List.of("default"),
        attributes,
        Json.array(),
        "t",
        "t",
        0,
        false,
        null,
        0);
  }

  @Test
  void matchesWordsPhrasesAndPrefixesCaseInsensitively() {
    var object = vis("Web Traffic (Vega)");
    assertThat(SavedObjectSearch.search("vega", List.of(), false).test(object)).isTrue();
    assertThat(SavedObjectSearch.search("\"web traffic\"", List.of(), false).test(object)).isTrue();
    assertThat(SavedObjectSearch.search("\"traffic web\"", List.of(), false).test(object))
        .isFalse();
    assertThat(SavedObjectSearch.search("traf*", List.of("title^3"), false).test(object)).isTrue();
    assertThat(SavedObjectSearch.search("web missing", List.of(), true).test(object)).isFalse();
    assertThat(SavedObjectSearch.search("web missing", List.of(), false).test(object)).isTrue();
  }

  @Test
  void filterRejectsTypesOutsideTheRequestedOnes() {
    assertThat(
            SavedObjectSearch.filter(
                    "visualization.attributes.title: \"Web Traffic\"", Set.of("visualization"))
                .test(vis("Web Traffic")))
        .isTrue();
    assertThatThrownBy(
            () ->
                SavedObjectSearch.filter("dashboard.attributes.title: x", Set.of("visualization")))
        .isInstanceOf(KibanaError.class)
        .hasMessage("This type dashboard is not allowed: Bad Request");
    assertThatThrownBy(
            () ->
                SavedObjectSearch.filter(
                    "visualization.attributes.title:(", Set.of("visualization")))
        .isInstanceOf(KibanaError.class)
        .hasMessageStartingWith("KQLSyntaxError");
  }
}
