package io.github.kibanaobjects.sim.bench;

import io.github.kibanaobjects.sim.KibanaSim;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput of small saved-object GETs against an in-process simulator (server and client share
 * the machine, so this is a lower bound). Not a test: run it by hand, see kibana-sim/README.md.
 *
 * <p>Arguments: {@code [--seconds 10] [--threads 8] [--objects 100] [--warmup 3]}.
 */
public final class SimGetBenchmark {
  private static final String AUTH =
      "Basic "
          + Base64.getEncoder().encodeToString("elastic:changeme".getBytes(StandardCharsets.UTF_8));

  private SimGetBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = intArg(args, "--seconds", 10);
    int threads = intArg(args, "--threads", 8);
    int objects = intArg(args, "--objects", 100);
    int warmup = intArg(args, "--warmup", 3);
    try (var sim = KibanaSim.start()) {
      for (int i = 0; i < objects; i++) {
        create(sim.baseUrl(), "bench-" + i);
      }
      run(sim.baseUrl(), threads, objects, warmup);
      sim.counters().reset();
      long started = System.nanoTime();
      long done = run(sim.baseUrl(), threads, objects, seconds);
      double elapsed = (System.nanoTime() - started) / 1e9;
      long counted = sim.counters().count("GET", "/api/saved_objects/{type}/{id}");
      System.out.printf(
          "kibana-sim GET /api/saved_objects/{type}/{id}: %d requests in %.1f s"
              + " with %d client threads on %d CPUs = %.0f requests/s (server counted %d)%n",
          done,
          elapsed,
          threads,
          Runtime.getRuntime().availableProcessors(),
          done / elapsed,
          counted);
    }
  }

  private static long run(String baseUrl, int threads, int objects, int seconds)
      throws InterruptedException {
    var stop = new AtomicBoolean();
    var completed = new LongAdder();
    var failures = new LongAdder();
    var workers = new ArrayList<Thread>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      var worker =
          new Thread(
              () -> {
                int i = offset;
                while (!stop.get()) {
                  try {
                    if (get(baseUrl + "/api/saved_objects/visualization/bench-" + (i++ % objects))
                        == 200) {
                      completed.increment();
                    } else {
                      failures.increment();
                    }
                  } catch (IOException e) {
                    failures.increment();
                  }
                }
              },
              "bench-client-" + t);
      worker.start();
      workers.add(worker);
    }
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    if (failures.sum() > 0) {
      throw new IllegalStateException(failures.sum() + " requests failed");
    }
    return completed.sum();
  }

  /** A keep-alive GET: the body is read fully so the JDK reuses the connection. */
  private static int get(String url) throws IOException {
    var connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setRequestProperty("Authorization", AUTH);
    int status = connection.getResponseCode();
    try (InputStream in =
        status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      in.readAllBytes();
    }
    return status;
  }

  private static void create(String baseUrl, String id) throws IOException {
    var connection =
        (HttpURLConnection)
            URI.create(baseUrl + "/api/saved_objects/visualization/" + id).toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Authorization", AUTH);
    connection.setRequestProperty("kbn-xsrf", "bench");
    connection.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = connection.getOutputStream()) {
      out.write(
          ("{\"attributes\":{\"title\":\"" + id + "\",\"visState\":\"{}\"}}")
              .getBytes(StandardCharsets.UTF_8));
    }
    if (connection.getResponseCode() != 200) {
      throw new IllegalStateException("create failed: " + connection.getResponseCode());
    }
    connection.getInputStream().readAllBytes();
  }

  private static int intArg(String[] args, String name, int defaultValue) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return defaultValue;
  }
}
