package io.github.kibanaobjects.sandbox.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Chrome DevTools protocol client over the JDK's WebSocket: commands (answered by id) and
 * events (queued, with their session). Enough for the browser check, nothing more.
 */
final class DevTools implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Upper bound for one answer or event, so a wedged browser fails the check, not hangs it. */
  static final Duration LIMIT = Duration.ofSeconds(60);

  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
  private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

  private DevTools(WebSocket socket) {
    this.socket = socket;
  }

  static DevTools connect(String webSocketUrl) throws IOException, InterruptedException {
    var devTools = new DevTools[1];
    var listener = new Listener(message -> devTools[0].receive(message));
    try {
      var socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(URI.create(webSocketUrl), listener)
              .get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      devTools[0] = new DevTools(socket);
      listener.ready.complete(null);
      return devTools[0];
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot reach Chromium's DevTools at " + webSocketUrl + ": " + e, e);
    }
  }

  /** Sends a command (to a page's session when {@code sessionId} is not null) and waits. */
  JsonNode send(String sessionId, String method, ObjectNode params)
      throws IOException, InterruptedException {
    var id = ids.incrementAndGet();
    var message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params == null ? JSON.createObjectNode() : params);
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    var answer = new CompletableFuture<JsonNode>();
    answers.put(id, answer);
    socket.sendText(JSON.writeValueAsString(message), true).join();
    try {
      var reply = answer.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IOException(method + " failed: " + reply.get("error"));
      }
      return reply.path("result");
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(method + " got no answer within " + LIMIT.toSeconds() + " s", e);
    } finally {
      answers.remove(id);
    }
  }

  static ObjectNode params() {
    return JSON.createObjectNode();
  }

  /** The next event, or null when none came within the limit. */
  JsonNode nextEvent() throws InterruptedException {
    return events.poll(LIMIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The next event already received, or null. */
  JsonNode pollEvent() {
    return events.poll();
  }

  private void receive(String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (IOException e) {
      return;
    }
    if (message.has("id")) {
      var answer = answers.get(message.get("id").asInt());
      if (answer != null) {
        answer.complete(message);
      }
    } else {
      events.add(message);
    }
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    socket.abort();
  }

  /** Joins a message's frames and hands it on once the client is set up. */
  private static final class Listener implements WebSocket.Listener {
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final java.util.function.Consumer<String> sink;
    private final StringBuilder partial = new StringBuilder();

    Listener(java.util.function.Consumer<String> sink) {
      this.sink = sink;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        var message = partial.toString();
        partial.setLength(0);
        ready.thenRun(() -> sink.accept(message)).join();
      }
      webSocket.request(1);
      return null;
    }
  }
}
