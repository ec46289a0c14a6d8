package io.github.kibanaobjects.operator.kibana;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;

/** {@code GET /api/status}: the version and flavor of a Kibana, and a check of the credentials. */
public final class StatusApi {
  private final KibanaClient client;

  StatusApi(KibanaClient client) {
    this.client = client;
  }

  /**
   * Kibana's version, build flavor and overall level. The route accepts anonymous callers and then
   * answers a redacted body without {@code version}; since we always send credentials, that means
   * they were not used, which is reported as {@link Reason#UNAUTHORIZED}.
   */
  public KibanaStatus status() {
    var response = client.send("GET", client.globalUrl("api", "status").build(), null, false);
    var body = client.readJson(response);
    var number = body.path("version").path("number");
    if (!number.isTextual() || number.asText().isBlank()) {
      throw new OperatorException(
          Reason.UNAUTHORIZED,
          "GET "
              + response.path()
              + ": Kibana answered the anonymous status view (no version): the credentials were"
              + " not accepted as a login; check the Secret the connection points at");
    }
    var flavor = body.path("version").path("build_flavor").asText("traditional");
    var level = body.path("status").path("overall").path("level").asText("unknown");
    var status = new KibanaStatus(number.asText(), flavor, level);
    // Every status check refreshes what the client knows, so an upgraded Kibana is noticed.
    client.observed(status);
    return status;
  }
}
