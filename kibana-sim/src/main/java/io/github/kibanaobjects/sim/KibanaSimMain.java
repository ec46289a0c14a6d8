package io.github.kibanaobjects.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar kibana-sim.jar [--port 5601] [--host 127.0.0.1] [--kibana-version 8.19.0]
 * [--serverless] [--profile NAME] [--superuser NAME:PASSWORD] [--user
 * NAME:PASSWORD:ROLE[,ROLE...]]...}
 */
public final class KibanaSimMain {
  private static final String USAGE =
      """
      usage: java -jar kibana-sim.jar [--port 5601] [--host 127.0.0.1] [--kibana-version 8.19.0]
                                      [--serverless] [--profile NAME] [--superuser NAME:PASSWORD]
                                      [--user NAME:PASSWORD:ROLE[,ROLE...]]...""";

  record Options(SimConfig config, String host, List<String[]> users) {}

  private KibanaSimMain() {}

  public static void main(String[] args) throws InterruptedException {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("kibana-sim: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    var sim = KibanaSim.start(options.config(), options.host(), false);
    for (String[] user : options.users()) {
      sim.addStartupUser(user[0], user[1], Arrays.asList(user[2].split(",")));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "kibana-sim-shutdown"));
    System.out.println(
        "kibana-sim "
            + sim.kibanaVersion()
            + " listening on http://"
            + options.host()
            + ":"
            + sim.port());
    System.out.flush();
    sim.join();
  }

  static Options parse(String[] args) {
    var config = SimConfig.defaults().withPort(5601);
    String host = KibanaSim.LOOPBACK;
    var users = new ArrayList<String[]>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--port" -> config = config.withPort(parsePort(value(args, ++i, arg)));
        case "--host" -> host = value(args, ++i, arg);
        case "--kibana-version" -> config = config.withKibanaVersion(value(args, ++i, arg));
        case "--serverless" -> config = config.withServerless(true);
        case "--profile" -> {
          var name = value(args, ++i, arg).toUpperCase(java.util.Locale.ROOT);
          var profile = SimProfile.valueOf(name);
          config = config.withKibanaVersion(profile.version()).withServerless(profile.serverless());
        }
        case "--superuser" -> {
          String[] parts = value(args, ++i, arg).split(":", 2);
          if (parts.length != 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("--superuser expects NAME:PASSWORD");
          }
          config = config.withSuperuser(parts[0], parts[1]);
        }
        case "--user" -> {
          String[] parts = value(args, ++i, arg).split(":", 3);
          if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("--user expects NAME:PASSWORD:ROLE[,ROLE...]");
          }
          users.add(parts);
        }
        case "--help", "-h" -> throw new IllegalArgumentException("help requested");
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    return new Options(config, host, users);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port expects a number: " + text);
    }
  }
}
