package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.operator.metrics.OperatorMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A burst of writes into many spaces asks Kibana once (the space list) whether they exist, and only
 * for a while.
 */
class SpacesApiTest {
  private MockWebServer server;
  private final Set<String> spaces = new ConcurrentSkipListSet<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private volatile boolean listForbidden;

  /** While set, a list request waits for it to be counted down (a Kibana slow to answer). */
  private volatile CountDownLatch listHeld;

  private final CountDownLatch listArrived = new CountDownLatch(1);
  private volatile Instant now = Instant.parse("2026-12-03T07:00:00Z");
  private KibanaClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
    server.start();
    var clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    client =
        new KibanaClient(
            KibanaEndpoint.of(
                server.url("/").toString(), new KibanaCredentials.Basic("operator", "secret")),
            new OkHttpClient(),
            clock,
            ImportBatching.defaults(),
            OperatorMetrics.none());
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  /** Kibana's spaces routes over {@link #spaces}; every request is recorded in {@link #asked}. */
  private MockResponse answer(RecordedRequest request) {
    var path = request.getRequestUrl().encodedPath();
    asked.add(request.getMethod() + " " + path);
    var prefix = "/api/spaces/space/";
    if (request.getMethod().equals("GET") && path.equals("/api/spaces/space")) {
      listArrived.countDown();
      var held = listHeld;
      if (held != null) {
        try {
          held.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (listForbidden) {
        return new MockResponse().setResponseCode(403).setBody("{\"statusCode\":403}");
      }
      var body = new StringBuilder("[");
      spaces.forEach(id -> body.append(body.length() > 1 ? "," : "").append(space(id)));
      return json(body.append("]").toString());
    }
    if (path.startsWith(prefix)) {
      var id = path.substring(prefix.length());
      if (!spaces.contains(id)) {
        return new MockResponse().setResponseCode(404).setBody("{\"statusCode\":404}");
      }
      if (request.getMethod().equals("DELETE")) {
        spaces.remove(id);
        return new MockResponse().setResponseCode(204);
      }
      return json(space(id));
    }
    return new MockResponse().setResponseCode(500);
  }

  private static String space(String id) {
    return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}";
  }

  private static MockResponse json(String body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  @Test
  void spacesListedOnceAreNotAskedAboutAgainWhileFresh() {
    spaces.addAll(List.of("team-a", "team-b", "team-c"));
    assertThat(client.spaces().exists("team-a")).isTrue();
    assertThat(client.spaces().exists("team-b")).isTrue();
    now = now.plus(KnownSpaces.FRESH_FOR);
    assertThat(client.spaces().exists("team-c")).isTrue();
    assertThat(asked).containsExactly("GET /api/spaces/space");

    // past the freshness, Kibana is asked again, and a deleted space is seen as missing
    now = now.plus(Duration.ofMillis(1));
    spaces.remove("team-a");
    assertThat(client.spaces().exists("team-a")).isFalse();
    assertThat(asked)
        .containsExactly(
            "GET /api/spaces/space", "GET /api/spaces/space", "GET /api/spaces/space/team-a");
  }

  @Test
  void aMissingSpaceIsAskedAboutEveryTime() {
    spaces.add("team-a");
    assertThat(client.spaces().exists("team-b")).isFalse();
    assertThat(client.spaces().exists("team-b")).isFalse();
    assertThat(asked)
        .containsExactly(
            "GET /api/spaces/space",
            "GET /api/spaces/space/team-b",
            "GET /api/spaces/space/team-b");
  }

  @Test
  void aSpaceCreatedSinceTheListIsFoundByItsId() {
    spaces.add("team-a");
    assertThat(client.spaces().exists("team-a")).isTrue();
    spaces.add("team-b");
    assertThat(client.spaces().exists("team-b")).isTrue();
    assertThat(client.spaces().exists("team-b")).isTrue();
    assertThat(asked).containsExactly("GET /api/spaces/space", "GET /api/spaces/space/team-b");
  }

  @Test
  void aListKibanaRefusesLeavesEachSpaceToItsOwnRoute() {
    // Kibana answers 403 to a user who may open no space at all, or lacks the privilege to list
    listForbidden = true;
    spaces.addAll(List.of("team-a", "team-b"));
    assertThat(client.spaces().exists("team-a")).isTrue();
    assertThat(client.spaces().exists("team-b")).isTrue();
    assertThat(asked)
        .containsExactly(
            "GET /api/spaces/space",
            "GET /api/spaces/space/team-a",
            "GET /api/spaces/space/team-b");
  }

  @Test
  void checksThatComeWhileTheListIsUnderWayWaitForItAndDoNotListAgain() throws Exception {
    var ids = List.of("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7");
    spaces.addAll(ids);
    listHeld = new CountDownLatch(1);
    listForbidden = true;
    var threads = new CopyOnWriteArrayList<Thread>();
    var pool =
        Executors.newFixedThreadPool(
            ids.size(),
            r -> {
              var thread = new Thread(r);
              threads.add(thread);
              return thread;
            });
    try {
      var answers = ids.stream().map(id -> pool.submit(() -> client.spaces().exists(id))).toList();
      assertThat(listArrived.await(30, TimeUnit.SECONDS)).isTrue();
      // every other check is parked, waiting for the list in flight
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  threads.stream()
                          .filter(
                              t ->
                                  t.getState() == Thread.State.WAITING
                                      || t.getState() == Thread.State.BLOCKED)
                          .count()
                      >= ids.size() - 1);
      // the list takes longer than the freshness, then Kibana refuses it
      now = now.plus(KnownSpaces.FRESH_FOR).plusSeconds(1);
      listHeld.countDown();
      for (var answer : answers) {
        assertThat(answer.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    // one list for all of them, then each space by its id: no check listed again after waiting
    assertThat(asked.stream().filter(r -> r.equals("GET /api/spaces/space"))).hasSize(1);
    assertThat(asked.stream().filter(r -> r.startsWith("GET /api/spaces/space/")))
        .hasSize(ids.size());
  }

  @Test
  void aListAnsweredAfterADeleteDoesNotBringTheSpaceBack() throws Exception {
    spaces.add("team-d");
    listHeld = new CountDownLatch(1);
    var pool = Executors.newSingleThreadExecutor();
    try {
      var check = pool.submit(() -> client.spaces().exists("team-e"));
      assertThat(listArrived.await(30, TimeUnit.SECONDS)).isTrue();
      // the list was sent while team-d existed; the operator deletes it before the answer arrives
      now = now.plusMillis(1);
      client.knownSpaces().gone("team-d");
      listHeld.countDown();
      assertThat(check.get(30, TimeUnit.SECONDS)).isFalse();
    } finally {
      pool.shutdownNow();
    }
    assertThat(client.knownSpaces().recentlySeen("team-d")).isFalse();
  }

  @Test
  void aSpaceTheOperatorDeletesIsForgotten() {
    spaces.add("team-c");
    assertThat(client.spaces().exists("team-c")).isTrue();
    client.spaces().delete("team-c");
    assertThat(client.spaces().exists("team-c")).isFalse();
    assertThat(asked)
        .containsExactly(
            "GET /api/spaces/space",
            "DELETE /api/spaces/space/team-c",
            "GET /api/spaces/space/team-c");
  }

  @Test
  void theDefaultSpaceIsNeverAskedAbout() {
    assertThat(client.spaces().exists(SpacesApi.DEFAULT_SPACE)).isTrue();
    assertThat(asked).isEmpty();
  }
}
