package io.github.kibanaobjects.operator.reconciler.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache alone: a fake Kibana (a map) and a clock the test moves. */
class KibanaStateTest {
  static final String TYPE = "saved-objects/default/visualization";
  final AtomicLong now = new AtomicLong();
  final KibanaState state = new KibanaState(now::get);
  final Map<String, ObjectNode> kibana = new HashMap<>();
  final AtomicInteger loads = new AtomicInteger();
  final KibanaState.Owner owner = new KibanaState.Owner("vis", new ResourceID("a", "ns"));

  final AtomicInteger singleLoads = new AtomicInteger();
  final KibanaState.Loader loader = KibanaState.Loader.of(this::load, this::loadOne);

  java.util.Optional<ObjectNode> loadOne(String member) {
    singleLoads.incrementAndGet();
    return java.util.Optional.ofNullable(kibana.get(member)).map(ObjectNode::deepCopy);
  }

  KibanaState.Loaded load(java.util.Set<String> members) {
    loads.incrementAndGet();
    var copy = new HashMap<String, ObjectNode>();
    kibana.forEach((k, v) -> copy.put(k, v.deepCopy()));
    return new KibanaState.Loaded(copy, true);
  }

  static ObjectNode object(String title) {
    return JsonNodeFactory.instance.objectNode().put("title", title);
  }

  static String digest(JsonNode object) {
    return object.path("title").asText();
  }

  @Test
  void aCollectionIsReadOnceForEveryMemberAndThenServedFromTheCache() {
    kibana.put("a", object("A"));
    kibana.put("b", object("B"));

    assertThat(state.current(TYPE, "a", loader)).contains(object("A"));
    assertThat(state.current(TYPE, "b", loader)).contains(object("B"));
    assertThat(state.current(TYPE, "c", loader)).isEmpty();
    assertThat(loads).hasValue(1);
  }

  @Test
  void aPollNamesOnlyTheOwnersWhoseObjectChangedOrWentAway() {
    kibana.put("a", object("A"));
    var other = new KibanaState.Owner("vis", new ResourceID("b", "ns"));
    kibana.put("b", object("B"));
    state.expect(
        TYPE, "a", owner, KibanaStateTest::digest, state.current(TYPE, "a", loader).orElseThrow());
    state.expect(
        TYPE, "b", other, KibanaStateTest::digest, state.current(TYPE, "b", loader).orElseThrow());
    assertThat(state.poll()).isEmpty();

    kibana.put("a", object("edited"));
    assertThat(state.poll()).containsExactly(owner);
    kibana.remove("b");
    assertThat(state.poll()).containsExactlyInAnyOrder(owner, other);
  }

  @Test
  void theOperatorsOwnWriteIsInTheCacheAndWakesNobody() {
    kibana.put("a", object("A"));
    state.current(TYPE, "a", loader);
    // written to Kibana and recorded
    kibana.put("a", object("new"));
    state.wrote(TYPE, "a", object("new"));
    assertThat(state.current(TYPE, "a", loader)).contains(object("new"));
    state.expect(TYPE, "a", owner, KibanaStateTest::digest, object("new"));

    assertThat(state.poll()).isEmpty();
  }

  @Test
  void aWriteDuringAPollIsNotUndoneByThatPollsOlderRead() {
    kibana.put("a", object("A"));
    state.current(TYPE, "a", loader);
    state.expect(TYPE, "a", owner, KibanaStateTest::digest, object("A"));
    // the poll reads Kibana before the write lands; the write is recorded while it runs
    KibanaState.Loader slow =
        KibanaState.Loader.of(
            members -> {
              var before = load(members);
              now.incrementAndGet();
              state.wrote(TYPE, "a", object("written"));
              return before;
            },
            this::loadOne);
    state.current(TYPE, "a", slow); // registers the loader the poll uses
    state.poll();

    assertThat(state.current(TYPE, "a", loader)).contains(object("written"));
  }

  @Test
  void aForgottenOwnerIsNamedNoMoreAndAnUnwatchedStateIsNotPolled() {
    kibana.put("a", object("A"));
    state.expect(
        TYPE, "a", owner, KibanaStateTest::digest, state.current(TYPE, "a", loader).orElseThrow());
    assertThat(state.isWatched()).isTrue();
    state.forget(owner);
    kibana.remove("a");

    assertThat(state.poll()).isEmpty();
    assertThat(state.isWatched()).isFalse();
  }

  @Test
  void aCollectionTooLargeToReadWholeReadsAMemberItLacksAloneAndKeepsIt() {
    kibana.put("a", object("A"));
    kibana.put("b", object("B"));
    KibanaState.Loader partial =
        KibanaState.Loader.of(
            members -> {
              loads.incrementAndGet();
              var some = new HashMap<String, ObjectNode>();
              members.forEach(m -> some.put(m, kibana.get(m).deepCopy()));
              return new KibanaState.Loaded(some, false);
            },
            this::loadOne);

    assertThat(state.current(TYPE, "a", partial)).contains(object("A"));
    assertThat(state.current(TYPE, "b", partial)).contains(object("B"));
    assertThat(state.current(TYPE, "b", partial)).contains(object("B"));
    assertThat(loads).hasValue(1);
    assertThat(singleLoads).hasValue(1);
  }

  @Test
  void perObjectReadsAskKibanaEveryTimeAndAreNeverPolled() {
    var perObject = new KibanaState(now::get, true);
    kibana.put("a", object("A"));
    perObject.expect(
        TYPE, "a", owner, KibanaStateTest::digest, perObject.current(TYPE, "a", loader).get());
    kibana.put("a", object("edited"));

    assertThat(perObject.current(TYPE, "a", loader)).contains(object("edited"));
    assertThat(singleLoads).hasValue(2);
    assertThat(loads).hasValue(0);
    assertThat(perObject.isWatched()).isFalse();
  }

  @Test
  void aRefreshedCollectionIsReadAgainAtTheNextAskOnly() {
    kibana.put("a", object("A"));
    state.current(TYPE, "a", loader);
    kibana.put("a", object("edited"));
    assertThat(state.current(TYPE, "a", loader)).contains(object("A"));

    state.refresh(TYPE);
    assertThat(state.current(TYPE, "a", loader)).contains(object("edited"));
    assertThat(state.current(TYPE, "a", loader)).contains(object("edited"));
    assertThat(loads).hasValue(2);
  }
}
