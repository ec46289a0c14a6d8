package io.github.kibanaobjects.sandbox.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens every preview page in headless Chromium (Debian's {@code chromium}), driven over the
 * DevTools protocol: waits until the page's charts are drawn (the page's {@code previewDone}
 * promise, not a delay), fails a page on any console error, uncaught exception or failed load, or a
 * chart that failed or drew nothing, and saves a full-page screenshot of each.
 *
 * <p>Run by {@code java -jar sandbox/target/sandbox.jar --once --browser-check DIR}, or against a
 * running sandbox: {@code java -cp sandbox/target/sandbox.jar
 * io.github.kibanaobjects.sandbox.preview.PreviewBrowserCheck http://127.0.0.1:PORT/ DIR}. Chromium
 * is {@code $CHROMIUM}, else {@code /usr/bin/chromium}. Name resolution is switched off in the
 * browser, so a page that needed anything from the internet fails.
 */
public final class PreviewBrowserCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int WIDTH = 1280;
  private static final int MIN_HEIGHT = 600;
  private static final int MAX_HEIGHT = 4000;

  /** What one page did. */
  record PageResult(String path, List<String> errors, int warnings, String charts, Path shot) {
    boolean ok() {
      return errors.isEmpty();
    }
  }

  private PreviewBrowserCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: PreviewBrowserCheck PREVIEW_URL SCREENSHOT_DIR");
      System.exit(2);
    }
    System.exit(run(args[0], Path.of(args[1]), System.out));
  }

  /**
   * @return 0 when every page drew every chart without a console error, 1 otherwise
   */
  public static int run(String baseUrl, Path screenshots, PrintStream out) {
    try {
      var base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      var pages = pages(base);
      if (pages.isEmpty()) {
        out.println("browser check: no preview pages at " + baseUrl);
        return 1;
      }
      Files.createDirectories(screenshots);
      var results = check(base, pages, screenshots);
      var failed = 0;
      out.printf("%nbrowser check (headless Chromium, %d pages):%n", results.size());
      for (var result : results) {
        if (result.ok()) {
          out.printf(
              "  ok    %s: %s%s; %s%n",
              result.path(),
              result.charts(),
              result.warnings() == 0 ? "" : ", " + result.warnings() + " console warnings",
              result.shot());
        } else {
          failed++;
          out.printf("  FAIL  %s: %s%n", result.path(), String.join("; ", result.errors()));
        }
      }
      out.printf(
          failed == 0
              ? "Every preview page drew its charts without a console error.%n"
              : "%d of %d preview pages failed.%n",
          failed,
          results.size());
      return failed == 0 ? 0 : 1;
    } catch (IOException e) {
      out.println("browser check failed: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("browser check interrupted");
      return 1;
    }
  }

  private static List<String> pages(String base) throws IOException, InterruptedException {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/index.json")).build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /index.json answered " + response.statusCode());
    }
    var paths = new ArrayList<String>();
    var index = JSON.readTree(response.body());
    index.path("pages").forEach(page -> paths.add(page.asText()));
    index.path("otherLibraries").forEach(page -> paths.add(page.asText()));
    return paths;
  }

  static Path chromium() {
    var configured = System.getenv("CHROMIUM");
    return Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
  }

  private static List<PageResult> check(String base, List<String> pages, Path screenshots)
      throws IOException, InterruptedException {
    var binary = chromium();
    if (!Files.isExecutable(binary)) {
      throw new IOException(
          "no Chromium at "
              + binary
              + ": install Debian's chromium package (.ci/run does) or set CHROMIUM");
    }
    var profile = Files.createTempDirectory("preview-chromium");
    var process =
        new ProcessBuilder(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                // Offline: no host name resolves (the previews are on 127.0.0.1).
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      var endpoint = devToolsEndpoint(process);
      try (var devTools = DevTools.connect(endpoint)) {
        var results = new ArrayList<PageResult>();
        for (var path : pages) {
          results.add(checkPage(devTools, base, path, screenshots));
        }
        return results;
      }
    } finally {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      process.waitFor();
      deleteTree(profile);
    }
  }

  /** Chromium prints "DevTools listening on ws://..." on stderr once it is ready. */
  private static String devToolsEndpoint(Process process) throws IOException {
    var stderr =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    var seen = new ArrayList<String>();
    String line;
    while ((line = stderr.readLine()) != null) {
      var at = line.indexOf("ws://");
      if (line.startsWith("DevTools listening on") && at >= 0) {
        drain(stderr);
        return line.substring(at).trim();
      }
      seen.add(line);
    }
    throw new IOException("Chromium exited without opening DevTools: " + String.join(" / ", seen));
  }

  /** Keeps reading Chromium's stderr so it never blocks on a full pipe. */
  private static void drain(BufferedReader stderr) {
    var thread =
        new Thread(
            () -> {
              try {
                while (stderr.readLine() != null) {
                  // Chromium's own chatter; page problems come over DevTools.
                }
              } catch (IOException closed) {
                // Chromium stopped.
              }
            },
            "chromium-stderr");
    thread.setDaemon(true);
    thread.start();
  }

  private static PageResult checkPage(DevTools devTools, String base, String path, Path screenshots)
      throws IOException, InterruptedException {
    var target =
        devTools.send(null, "Target.createTarget", DevTools.params().put("url", "about:blank"));
    var targetId = target.path("targetId").asText();
    var session =
        devTools
            .send(
                null,
                "Target.attachToTarget",
                DevTools.params().put("targetId", targetId).put("flatten", true))
            .path("sessionId")
            .asText();
    var errors = new ArrayList<String>();
    var warnings = new int[1];
    try {
      devTools.send(session, "Runtime.enable", null);
      devTools.send(session, "Log.enable", null);
      devTools.send(session, "Page.enable", null);
      metrics(devTools, session, MIN_HEIGHT);
      var url = base + path;
      devTools.send(session, "Page.navigate", DevTools.params().put("url", url));
      // The load event of the preview (about:blank's may come first), collecting what the page
      // logs on the way.
      var navigated = false;
      while (true) {
        var event = devTools.nextEvent();
        if (event == null) {
          errors.add("the page did not load within " + DevTools.LIMIT.toSeconds() + " s");
          return new PageResult(path, errors, warnings[0], "", null);
        }
        if (!session.equals(event.path("sessionId").asText())) {
          continue;
        }
        var method = event.path("method").asText();
        var frame = event.path("params").path("frame");
        if (method.equals("Page.frameNavigated")
            && !frame.has("parentId")
            && frame.path("url").asText().equals(url)) {
          navigated = true;
        } else if (navigated && method.equals("Page.loadEventFired")) {
          break;
        }
        collect(event, errors, warnings);
      }
      var drawn =
          devTools.send(
              session,
              "Runtime.evaluate",
              DevTools.params()
                  .put(
                      "expression",
                      "window.previewDone ? window.previewDone.then(r => JSON.stringify(r))"
                          + " : Promise.reject(new Error('the page has no preview script'))")
                  .put("awaitPromise", true)
                  .put("returnByValue", true));
      var charts = "";
      if (drawn.has("exceptionDetails")) {
        errors.add("drawing failed: " + describe(drawn.get("exceptionDetails")));
      } else {
        charts = summary(JSON.readTree(drawn.path("result").path("value").asText("[]")), errors);
      }
      var height =
          devTools
              .send(session, "Page.getLayoutMetrics", null)
              .path("cssContentSize")
              .path("height")
              .asDouble(MIN_HEIGHT);
      metrics(
          devTools, session, (int) Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height))));
      var png =
          devTools
              .send(session, "Page.captureScreenshot", DevTools.params().put("format", "png"))
              .path("data")
              .asText();
      var shot = screenshots.resolve(path.substring(1).replaceAll("[/?=]", "-") + ".png");
      Files.write(shot, Base64.getDecoder().decode(png));
      // Events sent before the answers above are queued already.
      for (JsonNode event; (event = devTools.pollEvent()) != null; ) {
        if (session.equals(event.path("sessionId").asText())) {
          collect(event, errors, warnings);
        }
      }
      return new PageResult(path, errors, warnings[0], charts, shot);
    } finally {
      devTools.send(null, "Target.closeTarget", DevTools.params().put("targetId", targetId));
    }
  }

  private static void metrics(DevTools devTools, String session, int height)
      throws IOException, InterruptedException {
    devTools.send(
        session,
        "Emulation.setDeviceMetricsOverride",
        DevTools.params()
            .put("width", WIDTH)
            .put("height", height)
            .put("deviceScaleFactor", 1)
            .put("mobile", false));
  }

  /** "2 charts drawn (406 and 4 marks)"; a chart that failed is an error. */
  private static String summary(JsonNode results, List<String> errors) {
    var marks = new ArrayList<String>();
    for (var chart : results) {
      if (chart.path("ok").asBoolean()) {
        marks.add(chart.path("marks").asText());
      } else {
        var error = chart.path("name").asText() + ": " + chart.path("error").asText();
        // preview.js logs it with console.error too; say it once.
        if (errors.stream().noneMatch(logged -> logged.endsWith(error))) {
          errors.add(error);
        }
      }
    }
    if (results.isEmpty()) {
      errors.add("the page has no chart");
    }
    return marks.size()
        + (marks.size() == 1 ? " chart" : " charts")
        + " drawn ("
        + String.join(", ", marks)
        + " marks)";
  }

  /** Console errors, uncaught exceptions and failed loads are errors; console warnings counted. */
  private static void collect(JsonNode event, List<String> errors, int[] warnings) {
    var params = event.path("params");
    switch (event.path("method").asText()) {
      case "Runtime.consoleAPICalled" -> {
        var type = params.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          var parts = new ArrayList<String>();
          params
              .path("args")
              .forEach(
                  arg ->
                      parts.add(
                          arg.has("value")
                              ? arg.get("value").asText()
                              : arg.path("description").asText()));
          errors.add("console." + type + ": " + String.join(" ", parts));
        } else if (type.equals("warning")) {
          warnings[0]++;
        }
      }
      case "Runtime.exceptionThrown" ->
          errors.add("uncaught: " + describe(params.path("exceptionDetails")));
      case "Log.entryAdded" -> {
        var entry = params.path("entry");
        if (entry.path("level").asText().equals("error")) {
          errors.add(entry.path("text").asText() + " " + entry.path("url").asText(""));
        } else if (entry.path("level").asText().equals("warning")) {
          warnings[0]++;
        }
      }
      default -> {
        // Other events do not say anything about the charts.
      }
    }
  }

  private static String describe(JsonNode details) {
    var exception = details.path("exception");
    if (exception.has("description")) {
      return exception.get("description").asText();
    }
    if (exception.has("value")) {
      return exception.get("value").asText();
    }
    return details.path("text").asText();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // A temporary profile left behind is harmless.
    }
  }
}
