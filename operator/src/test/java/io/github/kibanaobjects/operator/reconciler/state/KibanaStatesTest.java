package io.github.kibanaobjects.operator.reconciler.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One state per connection, read again when the connection changes. */
class KibanaStatesTest {
  static final String TYPE = "saved-objects/default/visualization";
  static final ResourceID CONNECTION = new ResourceID("kibana", "ns");
  static final Duration DAILY = Duration.ofHours(24);

  final KibanaStates states = new KibanaStates();
  final Map<String, ObjectNode> kibana = new HashMap<>();
  final AtomicInteger loads = new AtomicInteger();
  final KibanaState.Loader loader =
      KibanaState.Loader.of(
          members -> {
            loads.incrementAndGet();
            var copy = new HashMap<String, ObjectNode>();
            kibana.forEach((k, v) -> copy.put(k, v.deepCopy()));
            return new KibanaState.Loaded(copy, true);
          },
          member -> Optional.ofNullable(kibana.get(member)));

  @AfterEach
  void stop() {
    states.close();
  }

  static ObjectNode object(String title) {
    return JsonNodeFactory.instance.objectNode().put("title", title);
  }

  @Test
  void theSameConnectionIsServedFromTheCacheAndAChangedOneIsReadAgain() {
    kibana.put("a", object("on the old Kibana"));
    assertThat(states.of(CONNECTION, "uid/1", DAILY).current(TYPE, "a", loader))
        .contains(object("on the old Kibana"));
    // the connection now points at another Kibana
    kibana.put("a", object("on the new Kibana"));

    assertThat(states.of(CONNECTION, "uid/1", DAILY).current(TYPE, "a", loader))
        .contains(object("on the old Kibana"));
    assertThat(states.of(CONNECTION, "uid/2", DAILY).current(TYPE, "a", loader))
        .contains(object("on the new Kibana"));
    assertThat(states.of(CONNECTION, "uid/2", DAILY).current(TYPE, "a", loader))
        .contains(object("on the new Kibana"));
    assertThat(loads).hasValue(2);
  }
}
