package io.github.kibanaobjects.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a running sandbox writes to {@code <state dir>/state.json} so that {@code sandbox apply}
 * (another process) can reach it, and deletes when it stops.
 *
 * @param pid the sandbox's process id
 * @param kubernetesUrl the Kubernetes API
 * @param kubeconfig the kubeconfig file pointing at it (with the credentials a real API needs)
 * @param serverSideApply whether the API has server-side apply (a real one; the mock has not)
 * @param kibanaUrl kibana-sim
 * @param kibanaUsername the simulator's superuser
 * @param kibanaPassword the superuser's password
 */
record SandboxState(
    long pid,
    String kubernetesUrl,
    String kubeconfig,
    boolean serverSideApply,
    String kibanaUrl,
    String kibanaUsername,
    String kibanaPassword) {

  static final String FILE_NAME = "state.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static Path file(Path stateDir) {
    return stateDir.resolve(FILE_NAME);
  }

  void write(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    JSON.writeValue(file(stateDir).toFile(), this);
  }

  /**
   * @throws IllegalStateException if no sandbox has written its state there, or it has stopped
   */
  static SandboxState read(Path stateDir) throws IOException {
    var file = file(stateDir);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "no running sandbox: "
              + file
              + " does not exist"
              + " (start one from this directory, or pass --state-dir)");
    }
    var state = JSON.readValue(file.toFile(), SandboxState.class);
    if (ProcessHandle.of(state.pid()).map(ProcessHandle::isAlive).orElse(false)) {
      return state;
    }
    throw new IllegalStateException(
        "the sandbox that wrote " + file + " (pid " + state.pid() + ") is no longer running");
  }

  static void delete(Path stateDir) throws IOException {
    Files.deleteIfExists(file(stateDir));
  }
}
