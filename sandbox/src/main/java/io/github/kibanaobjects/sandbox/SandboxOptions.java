package io.github.kibanaobjects.sandbox;

import io.github.kibanaobjects.operator.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox's command line, parsed once.
 *
 * @param command {@link Command#RUN} starts everything; {@link Command#APPLY} sends files to a
 *     running sandbox; {@link Command#HELP} prints the usage
 * @param once exit after the first report: 0 when every resource is Ready, 1 otherwise
 * @param mock use the in-memory mock API instead of trying a real kube-apiserver first
 * @param timeout how long to wait for the resources to become Ready
 * @param kubernetesPort port of the mock Kubernetes API; 0 picks a free one (a real API server
 *     always takes a free port)
 * @param kibanaPort port of kibana-sim; -1 means 5601 if free, else a free one
 * @param stateDir where the state file and the kubeconfig are written (and read by {@code apply})
 * @param paths files and folders to apply
 * @param previewPort port of the chart previews; 0 picks a free one
 * @param browserCheck where the browser check saves its screenshots; null: no browser check
 */
record SandboxOptions(
    Command command,
    boolean once,
    boolean mock,
    Duration timeout,
    int kubernetesPort,
    int kibanaPort,
    Path stateDir,
    List<Path> paths,
    int previewPort,
    Path browserCheck) {

  enum Command {
    RUN,
    APPLY,
    HELP
  }

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final int PREFERRED_KIBANA_PORT = 5601;
  static final Path DEFAULT_STATE_DIR = Path.of("target", "sandbox");
  static final Path DEFAULT_EXAMPLES = Path.of("examples");

  static final String USAGE =
      """
      Usage:
        java -jar sandbox/target/sandbox.jar [--once] [--mock] [--timeout 60s] [--port-k8s N] \
      [--port-kibana N] [--port-preview N] [--state-dir DIR] [--browser-check DIR] [FILE|FOLDER...]
            Starts a Kubernetes API, kibana-sim and the operator, applies the files (default:
            examples/, without examples/production/) and reports what became Ready.
            The Kubernetes API is a real etcd + kube-apiserver (kube-api-test; binaries from
            $KUBE_API_TEST_DIR or ~/.kubeapitest, downloaded there on first use); when none can
            be had, the in-memory mock, which kubectl can only partly use.
            --once       exit after the report: 0 when every resource is Ready, 1 otherwise
            --mock       use the in-memory mock API without trying a real one (starts faster)
            --timeout    how long to wait for Ready
            --port-k8s   port of the mock API (a real API server takes a free port)
            --port-kibana  port of kibana-sim (default 5601 when free)
            --port-preview  port of the chart previews (default: a free one)
            --state-dir  where the kubeconfig and state.json go (default target/sandbox)
            --browser-check DIR  after the report, open every preview page in headless Chromium
                         (/usr/bin/chromium or $CHROMIUM), save a screenshot of each in DIR and
                         fail (exit 1 with --once) on a console error or a chart not drawn
        java -jar sandbox/target/sandbox.jar apply [--timeout 60s] [--state-dir DIR] FILE|FOLDER...
            Applies files to the sandbox that is running from this directory, waits, reports.
        java -jar sandbox/target/sandbox.jar --help
            Prints this.
      """;

  SandboxOptions {
    paths = List.copyOf(paths);
  }

  static SandboxOptions parse(String... args) {
    var command = Command.RUN;
    var once = false;
    var mock = false;
    var timeout = DEFAULT_TIMEOUT;
    var kubernetesPort = 0;
    var kibanaPort = -1;
    var stateDir = DEFAULT_STATE_DIR;
    var previewPort = 0;
    Path browserCheck = null;
    var paths = new ArrayList<Path>();
    var start = 0;
    if (args.length > 0 && args[0].equals("apply")) {
      command = Command.APPLY;
      start = 1;
    }
    for (var i = start; i < args.length; i++) {
      var arg = args[i];
      switch (arg) {
        case "--once" -> once = true;
        case "--mock" -> mock = true;
        case "--help", "-h" -> command = Command.HELP;
        case "--timeout" -> timeout = Durations.parse(value(args, ++i, arg));
        case "--port-k8s" -> kubernetesPort = port(value(args, ++i, arg), arg);
        case "--port-kibana" -> kibanaPort = port(value(args, ++i, arg), arg);
        case "--state-dir" -> stateDir = Path.of(value(args, ++i, arg));
        case "--port-preview" -> previewPort = port(value(args, ++i, arg), arg);
        case "--browser-check" -> browserCheck = Path.of(value(args, ++i, arg));
        default -> {
          if (arg.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + arg);
          }
          paths.add(Path.of(arg));
        }
      }
    }
    if (command == Command.HELP) {
      return new SandboxOptions(
          command, false, false, DEFAULT_TIMEOUT, 0, -1, stateDir, List.of(), 0, null);
    }
    if (command == Command.APPLY && paths.isEmpty()) {
      throw new IllegalArgumentException("apply needs at least one file or folder");
    }
    if (command == Command.RUN && paths.isEmpty()) {
      paths.add(DEFAULT_EXAMPLES);
    }
    return new SandboxOptions(
        command,
        once,
        mock,
        timeout,
        kubernetesPort,
        kibanaPort,
        stateDir,
        paths,
        previewPort,
        browserCheck);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int port(String value, String option) {
    try {
      var port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(option + " must be a port number, got " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a port number, got " + value, e);
    }
  }
}
