package io.github.kibanaobjects.sim.contract;

import static io.github.kibanaobjects.sim.contract.ImportExportContractTest.IMPORT;
import static io.github.kibanaobjects.sim.contract.ImportExportContractTest.ndjson;
import static io.github.kibanaobjects.sim.contract.ImportExportContractTest.visLine;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import io.github.kibanaobjects.sim.SimProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a batched {@code _import} meets on every profile: Kibana's two import limits refuse the
 * whole request and write nothing, and one bad object in a file fails alone, in {@code errors},
 * while the others land and are listed in {@code successResults}.
 */
@ParameterizedClass
@EnumSource(SimProfile.class)
class ImportLimitsContractTest {
  static final int MAX_OBJECTS = 3;
  static final long MAX_BYTES = 4_096;

  @Parameter SimProfile profile;
  static KibanaSim sim;
  static SimHttp http;

  /** Small limits, as {@code savedObjects.maxImportExportSize} and {@code ...PayloadBytes} set. */
  @BeforeParameterizedClassInvocation
  static void start(SimProfile profile) {
    sim = KibanaSim.start(profile.config().withImportLimits(MAX_OBJECTS, MAX_BYTES));
    http = new SimHttp(sim.baseUrl());
  }

  @AfterParameterizedClassInvocation
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.reset();
  }

  @Test
  void moreObjectsThanTheLimitFailTheWholeImport() {
    var file = ndjson(visLine("a", "A"), visLine("b", "B"), visLine("c", "C"), visLine("d", "D"));

    var answer = http.post(IMPORT + "?overwrite=true").importFile("export.ndjson", file).send();

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("message").asText())
        .isEqualTo("Can't import more than " + MAX_OBJECTS + " objects");
    assertThat(sim.savedObject("default", "visualization", "a")).isEmpty();
  }

  @Test
  void aFileOverThePayloadLimitIsRefusedWith413() {
    var file = ndjson(visLine("big", "x".repeat((int) MAX_BYTES)));

    var answer = http.post(IMPORT + "?overwrite=true").importFile("export.ndjson", file).send();

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.json().path("message").asText())
        .isEqualTo("Payload content length greater than maximum allowed: " + MAX_BYTES);
    assertThat(sim.savedObject("default", "visualization", "big")).isEmpty();
  }

  @Test
  void oneBadObjectFailsAloneAndItsBatchMatesLand() {
    var unsupported = SimContractBase.obj().put("type", "no-such-type").put("id", "x");
    unsupported.putObject("attributes").put("title", "X");
    var file = ndjson(visLine("good-1", "One"), unsupported, visLine("good-2", "Two"));

    var answer = http.post(IMPORT + "?overwrite=true").importFile("export.ndjson", file).send();

    assertThat(answer.status()).isEqualTo(200);
    var body = answer.json();
    assertThat(body.path("success").asBoolean()).isFalse();
    assertThat(body.path("successCount").asInt()).isEqualTo(2);
    assertThat(body.path("successResults").findValuesAsText("id"))
        .containsExactly("good-1", "good-2");
    assertThat(body.path("errors")).hasSize(1);
    assertThat(body.path("errors").get(0).path("id").asText()).isEqualTo("x");
    assertThat(body.path("errors").get(0).path("error").path("type").asText())
        .isEqualTo("unsupported_type");
    assertThat(sim.savedObject("default", "visualization", "good-2")).isPresent();
  }

  @Test
  void kibanasDefaultsAreTheConfiguredLimitsOtherwise() {
    var defaults = profile.config();

    assertThat(defaults.maxImportExportSize()).isEqualTo(SimConfig.DEFAULT_MAX_IMPORT_EXPORT_SIZE);
    assertThat(defaults.maxImportPayloadBytes()).isEqualTo(26_214_400L);
  }
}
