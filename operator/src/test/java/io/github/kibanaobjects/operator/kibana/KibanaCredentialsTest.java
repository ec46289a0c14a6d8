package io.github.kibanaobjects.operator.kibana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KibanaCredentialsTest {
  private static final String PASSWORD = "s3cret-Pa55word";
  private static final String API_KEY_SECRET = "ui2lp2axTNmsyakw9tvNnw";
  private static final String ENCODED_KEY =
      Base64.getEncoder()
          .encodeToString(
              ("VuaCfGcBCdbkQm-e5aOx:" + API_KEY_SECRET).getBytes(StandardCharsets.UTF_8));
  private static final String TOKEN = "dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu";

  @Test
  void toStringNeverShowsSecrets() {
    var basic = new KibanaCredentials.Basic("operator", PASSWORD);
    var apiKey = new KibanaCredentials.ApiKey(ENCODED_KEY);
    var bearer = new KibanaCredentials.Bearer(TOKEN);

    assertThat(basic.toString()).contains("operator").doesNotContain(PASSWORD);
    assertThat(apiKey.toString()).doesNotContain(ENCODED_KEY).doesNotContain(API_KEY_SECRET);
    assertThat(bearer.toString()).doesNotContain(TOKEN);
    var endpoint = KibanaEndpoint.of("https://kibana.example.com:5601", basic).withCaPem("pem");
    assertThat(endpoint.toString())
        .contains("https://kibana.example.com:5601")
        .doesNotContain(PASSWORD)
        .doesNotContain(basic.authorizationHeader().substring("Basic ".length()));
  }

  @Test
  void authorizationHeadersFollowEachScheme() {
    assertThat(new KibanaCredentials.Basic("elastic", "changeme").authorizationHeader())
        .isEqualTo("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
    assertThat(new KibanaCredentials.ApiKey(ENCODED_KEY).authorizationHeader())
        .isEqualTo("ApiKey " + ENCODED_KEY);
    assertThat(new KibanaCredentials.Bearer(TOKEN).authorizationHeader())
        .isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void secretValuesCoverTheDecodedApiKeyAndTheBasicHeader() {
    assertThat(new KibanaCredentials.ApiKey(ENCODED_KEY).secretValues())
        .contains(ENCODED_KEY, API_KEY_SECRET);
    var basic = new KibanaCredentials.Basic("elastic", "changeme");
    assertThat(basic.secretValues()).contains("changeme", "ZWxhc3RpYzpjaGFuZ2VtZQ==");
  }

  @Test
  void blankSecretsAreRejected() {
    assertThatThrownBy(() -> new KibanaCredentials.Basic("elastic", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KibanaCredentials.ApiKey(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fingerprintChangesWithRotatedCredentialsAndNeverShowsThem() {
    var endpoint =
        KibanaEndpoint.of("https://kibana:5601/", new KibanaCredentials.Basic("u", PASSWORD));
    var same = KibanaEndpoint.of("https://kibana:5601", new KibanaCredentials.Basic("u", PASSWORD));
    var rotated = endpoint.withCredentials(new KibanaCredentials.Basic("u", PASSWORD + "2"));

    assertThat(endpoint.fingerprint()).isEqualTo(same.fingerprint()).hasSize(64);
    assertThat(rotated.fingerprint()).isNotEqualTo(endpoint.fingerprint());
    assertThat(endpoint.withCaPem("other CA").fingerprint()).isNotEqualTo(endpoint.fingerprint());
    assertThat(endpoint.fingerprint()).doesNotContain(PASSWORD);
  }

  @Test
  void endpointNormalisesTheUrlAndRejectsBadSettings() {
    var creds = new KibanaCredentials.Bearer(TOKEN);
    assertThat(KibanaEndpoint.of("http://kibana:5601/base/", creds).url())
        .isEqualTo("http://kibana:5601/base");
    assertThatThrownBy(() -> KibanaEndpoint.of("ftp://kibana", creds))
        .isInstanceOf(OperatorException.class)
        .extracting(e -> ((OperatorException) e).reason())
        .isEqualTo(Reason.INVALID_SPEC);
    assertThatThrownBy(() -> KibanaEndpoint.of("https://user:" + PASSWORD + "@kibana", creds))
        .isInstanceOf(OperatorException.class)
        .message()
        .doesNotContain(PASSWORD);
    // no user name is user info too, and so is an @ with nothing before it
    for (var withUserInfo :
        List.of("http://:" + PASSWORD + "@kibana:5601", "http://@kibana", "https://u@kibana/b")) {
      assertThatThrownBy(() -> KibanaEndpoint.of(withUserInfo, creds))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("must not carry user info")
          .message()
          .doesNotContain(PASSWORD);
    }
    assertThatThrownBy(() -> KibanaEndpoint.of("https://kibana/base/s/marketing/", creds))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("must not name a space")
        .hasMessageContaining("/s/marketing");
    assertThat(KibanaEndpoint.of("https://kibana/s", creds).url()).isEqualTo("https://kibana/s");
    assertThatThrownBy(() -> KibanaEndpoint.of("http://kibana", creds).withMaxConcurrentRequests(0))
        .isInstanceOf(OperatorException.class);
    assertThatThrownBy(
            () -> KibanaEndpoint.of("http://kibana", creds).withRequestTimeout(Duration.ZERO))
        .isInstanceOf(OperatorException.class);
  }
}
