package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Contract section 6: authentication schemes and 401 bodies. */
class AuthContractTest extends SimContractBase {
  static final String PROBE = "/api/features";

  @Test
  void basicAuthOfTheSuperuserIsAccepted() {
    var resp = http.get(PROBE).as("elastic", "changeme").send();
    assertThat(assertOk(resp).isArray()).isTrue();
  }

  @Test
  void basicAuthOfAnAddedUserIsAccepted() {
    sim.addUser("alice", "alice-pw", "viewer");
    assertOk(http.get(PROBE).as("alice", "alice-pw").send());
  }

  @Test
  void missingCredentialsGive401WithGenericBody() {
    var resp = http.get(PROBE).noAuth().send();
    assertError(resp, 401, "Unauthorized", "Unauthorized");
    assertThat(resp.header("location")).as("API requests are never redirected").isEmpty();
  }

  @Test
  void missingCredentialsOnAWriteGive401AndWriteNothing() {
    var resp =
        http.post("/api/saved_objects/visualization/v1")
            .noAuth()
            .json(createBody(visAttributes("x")))
            .send();
    assertError(resp, 401, "Unauthorized", "Unauthorized");
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  @Test
  void authenticationComesBeforeTheXsrfCheck() {
    // The xsrf check is a post-auth handler in Kibana (contract 0.2).
    var resp =
        http.post("/api/saved_objects/visualization/v1")
            .noAuth()
            .noXsrf()
            .json(createBody(visAttributes("x")))
            .send();
    assertError(resp, 401, "Unauthorized", "Unauthorized");
  }

  @Test
  void wrongPasswordGives401() {
    var resp = http.get(PROBE).as("elastic", "wrong").send();
    assertErrorShape(resp, 401, "Unauthorized");
  }

  @Test
  void unknownUserGives401() {
    assertErrorShape(http.get(PROBE).as("mallory", "x").send(), 401, "Unauthorized");
  }

  @Test
  void malformedBasicHeaderGives401() {
    var resp = http.get(PROBE).authorization("Basic !!!not-base64!!!").send();
    assertErrorShape(resp, 401, "Unauthorized");
  }

  @Test
  void unsupportedSchemeGives401() {
    var resp = http.get(PROBE).authorization("Digest username=\"elastic\"").send();
    assertThat(resp.status()).isEqualTo(401);
    assertThat(resp.json().path("error").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void apiKeyIsAccepted() {
    var encoded = sim.createApiKey("elastic");
    var decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    assertThat(decoded).as("ES encoded form id:api_key").matches("[^:]+:.+");
    assertOk(http.get(PROBE).apiKey(encoded).send());
    assertOk(
        http.post("/api/saved_objects/visualization/by-key")
            .apiKey(encoded)
            .json(createBody(visAttributes("x")))
            .send());
  }

  @Test
  void invalidatedApiKeyGives401() {
    var encoded = sim.createApiKey("elastic");
    assertOk(http.get(PROBE).apiKey(encoded).send());
    sim.invalidateApiKey(encoded);
    assertErrorShape(http.get(PROBE).apiKey(encoded).send(), 401, "Unauthorized");
  }

  @Test
  void unknownApiKeyGives401() {
    var forged =
        Base64.getEncoder()
            .encodeToString("no-such-id:no-such-secret".getBytes(StandardCharsets.UTF_8));
    assertErrorShape(http.get(PROBE).apiKey(forged).send(), 401, "Unauthorized");
  }

  @Test
  void apiKeyWithTheRightIdButWrongSecretGives401() {
    var encoded = sim.createApiKey("elastic");
    var id =
        new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).split(":", 2)[0];
    var tampered =
        Base64.getEncoder().encodeToString((id + ":wrong-secret").getBytes(StandardCharsets.UTF_8));
    assertErrorShape(http.get(PROBE).apiKey(tampered).send(), 401, "Unauthorized");
  }

  @Test
  void bearerTokenIsAccepted() {
    sim.addBearerToken("service-token-123", "elastic");
    assertOk(http.get(PROBE).bearer("service-token-123").send());
  }

  @Test
  void unknownBearerTokenGives401() {
    sim.addBearerToken("service-token-123", "elastic");
    assertErrorShape(http.get(PROBE).bearer("other-token").send(), 401, "Unauthorized");
  }

  @Test
  void resetForgetsAddedUsersAndApiKeys() {
    sim.addUser("alice", "alice-pw", "viewer");
    var key = sim.createApiKey("elastic");
    sim.reset();
    assertErrorShape(http.get(PROBE).as("alice", "alice-pw").send(), 401, "Unauthorized");
    assertErrorShape(http.get(PROBE).apiKey(key).send(), 401, "Unauthorized");
    assertOk(http.get(PROBE).send());
  }
}
