package io.github.kibanaobjects.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KibanaSimMainTest {

  @Test
  void parsesEveryFlag() {
    var options =
        KibanaSimMain.parse(
            new String[] {
              "--port",
              "5602",
              "--kibana-version",
              "9.1.3",
              "--serverless",
              "--user",
              "ops:pw:viewer,editor",
              "--user",
              "a:b:c"
            });
    assertThat(options.config())
        .isEqualTo(new SimConfig(5602, "9.1.3", true, "elastic", "changeme"));
    assertThat(options.users()).hasSize(2);
    assertThat(options.users().get(0)).containsExactly("ops", "pw", "viewer,editor");
  }

  @Test
  void aProfileSetsVersionAndFlavour() {
    assertThat(KibanaSimMain.parse(new String[] {"--profile", "kibana_8_11"}).config())
        .isEqualTo(SimProfile.KIBANA_8_11.config().withPort(5601));
    assertThat(KibanaSimMain.parse(new String[] {"--profile", "serverless"}).config().serverless())
        .isTrue();
  }

  @Test
  void defaultsToPort5601AndRejectsUnknownFlags() {
    assertThat(KibanaSimMain.parse(new String[0]).config().port()).isEqualTo(5601);
    assertThatThrownBy(() -> KibanaSimMain.parse(new String[] {"--bogus"}))
        .hasMessageContaining("--bogus");
    assertThatThrownBy(() -> KibanaSimMain.parse(new String[] {"--user", "nopassword"}))
        .hasMessageContaining("NAME:PASSWORD:ROLE");
  }
}
