package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kibanaobjects.sim.KibanaSim;
import io.github.kibanaobjects.sim.SimConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Contract section 5, spaces (S1 to S5) and the space body rules. */
class SpacesContractTest extends SimContractBase {
  static final String SPACES = "/api/spaces/space";
  static final String NOT_FOUND_BODY =
      "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"Not Found\"}";

  // ---- requests under /s/<unknown>/ (on_post_auth_interceptor.ts) ----

  @Test
  void aPageInAnUnknownSpaceGoesToTheSpaceSelectorButTheApiIsNotChecked() {
    var page = http.get("/app/visualize").space("nowhere").send();
    assertThat(page.status()).isEqualTo(302);
    assertThat(page.header("Location")).contains("/spaces/space_selector");

    var created =
        http.post("/api/saved_objects/visualization/v1")
            .space("nowhere")
            .json(createBody(visAttributes("t")))
            .send();
    assertThat(created.status()).as("written into a space nobody can open").isEqualTo(200);
    assertThat(http.get(SPACES + "/nowhere").send().status()).isEqualTo(404);
  }

  // ---- S1 ----

  @Test
  void createReturnsTheSpaceWithoutUndefinedFields() {
    var body =
        assertOk(http.post(SPACES).json(Map.of("id", "marketing", "name", "Marketing")).send());
    assertThat(body.path("id").asText()).isEqualTo("marketing");
    assertThat(body.path("name").asText()).isEqualTo("Marketing");
    assertThat(body.path("disabledFeatures").isArray()).isTrue();
    assertThat(body.path("disabledFeatures")).isEmpty();
    for (var absent :
        List.of("description", "color", "initials", "imageUrl", "_reserved", "solution")) {
      assertThat(body.has(absent)).as("no %s when not sent", absent).isFalse();
    }
  }

  @Test
  void createKeepsOptionalFields() {
    var sent =
        Map.of(
            "id",
            "sales",
            "name",
            "Sales",
            "description",
            "the sales team",
            "color",
            "#AABBCC",
            "initials",
            "SA",
            "disabledFeatures",
            List.of("discover"),
            "imageUrl",
            "data:image/png;base64,iVBORw0KGgo=");
    var body = assertOk(http.post(SPACES).json(sent).send());
    assertThat(body).isEqualTo(SimHttp.JSON.valueToTree(sent));
    assertThat(assertOk(http.get(SPACES + "/sales").send()))
        .isEqualTo(SimHttp.JSON.valueToTree(sent));
  }

  @Test
  void reservedFlagIsIgnoredOnCreate() {
    var body =
        assertOk(
            http.post(SPACES)
                .json(Map.of("id", "sneaky", "name", "Sneaky", "_reserved", true))
                .send());
    assertThat(body.has("_reserved")).isFalse();
    assertNoContent(http.delete(SPACES + "/sneaky").send());
  }

  @Test
  void createOfExistingIdIsAConflict() {
    createSpace("marketing", "Marketing");
    var resp = http.post(SPACES).json(Map.of("id", "marketing", "name", "Other")).send();
    assertError(resp, 409, "Conflict", "A space with the identifier marketing already exists.");
    assertThat(assertOk(http.get(SPACES + "/marketing").send()).path("name").asText())
        .isEqualTo("Marketing");
  }

  @Test
  void badIdIsRejected() {
    for (var id : List.of("Marketing", "has space", "dots.not.allowed")) {
      var resp = http.post(SPACES).json(Map.of("id", id, "name", "x")).send();
      assertErrorContaining(
          resp, 400, "Bad Request", "must be lower case, a-z, 0-9, '_', and '-' are allowed");
    }
    assertThat(assertOk(http.get(SPACES).send())).hasSize(1);
  }

  @Test
  void nameIsRequired() {
    assertErrorShape(http.post(SPACES).json(Map.of("id", "noname")).send(), 400, "Bad Request");
    assertErrorShape(
        http.post(SPACES).json(Map.of("id", "noname", "name", "")).send(), 400, "Bad Request");
    assertErrorShape(http.get(SPACES + "/noname").send(), 404, "Not Found");
  }

  @Test
  void badColorIsRejected() {
    for (var color : List.of("red", "#12345", "AABBCC")) {
      var resp = http.post(SPACES).json(Map.of("id", "c", "name", "C", "color", color)).send();
      assertErrorContaining(
          resp, 400, "Bad Request", "must be a 6 digit hex color, starting with a #");
    }
  }

  @Test
  void initialsLongerThanTwoAreRejected() {
    var resp = http.post(SPACES).json(Map.of("id", "i", "name", "I", "initials", "ABC")).send();
    var body = assertErrorShape(resp, 400, "Bad Request");
    assertThat(body.path("message").asText()).contains("initials");
  }

  @Test
  void imageUrlMustBeADataImage() {
    var resp =
        http.post(SPACES)
            .json(Map.of("id", "img", "name", "Img", "imageUrl", "https://example.invalid/a.png"))
            .send();
    var body = assertErrorShape(resp, 400, "Bad Request");
    assertThat(body.path("message").asText()).contains("imageUrl");
  }

  @Test
  void moreThan100DisabledFeaturesAreRejected() {
    var features = new ArrayList<String>(Collections.nCopies(101, "discover"));
    var resp =
        http.post(SPACES)
            .json(Map.of("id", "many", "name", "Many", "disabledFeatures", features))
            .send();
    assertErrorShape(resp, 400, "Bad Request");
  }

  @Test
  void unknownDisabledFeaturesAreAccepted() {
    var body =
        assertOk(
            http.post(SPACES)
                .json(Map.of("id", "f", "name", "F", "disabledFeatures", List.of("no_such_app")))
                .send());
    assertThat(body.path("disabledFeatures")).containsExactly(text("no_such_app"));
  }

  @Test
  void classicSolutionKeepsDisabledFeatures() {
    var body =
        assertOk(
            http.post(SPACES)
                .json(Map.of("id", "cl", "name", "Classic", "solution", "classic"))
                .send());
    assertThat(body.path("solution").asText()).isEqualTo("classic");
    assertThat(body.path("disabledFeatures")).isEmpty();
  }

  @Test
  void nonClassicSolutionDisablesOtherSolutionsFeatures() {
    var body =
        assertOk(
            http.post(SPACES)
                .json(Map.of("id", "search", "name", "Search", "solution", "es"))
                .send());
    assertThat(body.path("solution").asText()).isEqualTo("es");
    assertThat(body.path("disabledFeatures")).isNotEmpty();
  }

  @Test
  void solutionIsForbiddenOnServerless() {
    try (var serverless = KibanaSim.start(SimConfig.defaults().withServerless(true))) {
      var resp =
          new SimHttp(serverless.baseUrl())
              .post(SPACES)
              .json(Map.of("id", "s", "name", "S", "solution", "es"))
              .send();
      assertError(
          resp,
          400,
          "Bad Request",
          "Unable to create Space, solution property is forbidden in serverless");
    }
  }

  @Test
  void emptySolutionIsRejected() {
    var resp = http.post(SPACES).json(Map.of("id", "e", "name", "E", "solution", "")).send();
    assertErrorContaining(resp, 400, "Bad Request", "solution property cannot be empty");
  }

  @Test
  void disabledFeaturesAreRejectedOnServerless() {
    try (var serverless = KibanaSim.start(SimConfig.defaults().withServerless(true))) {
      var client = new SimHttp(serverless.baseUrl());
      var resp =
          client
              .post(SPACES)
              .json(Map.of("id", "s", "name", "S", "disabledFeatures", List.of("discover")))
              .send();
      assertErrorShape(resp, 400, "Bad Request");
      assertOk(client.post(SPACES).json(Map.of("id", "s", "name", "S")).send());
    }
  }

  // ---- S2 ----

  @Test
  void updateReplacesTheSpaceAndTakesTheIdFromThePath() {
    createSpace("marketing", "Marketing");
    var body =
        assertOk(
            http.put(SPACES + "/marketing")
                .json(Map.of("id", "marketing", "name", "Marketing 2", "color", "#112233"))
                .send());
    assertThat(body.path("id").asText()).isEqualTo("marketing");
    assertThat(body.path("name").asText()).isEqualTo("Marketing 2");
    assertThat(body.path("color").asText()).isEqualTo("#112233");
    assertThat(assertOk(http.get(SPACES + "/marketing").send()).path("name").asText())
        .isEqualTo("Marketing 2");
  }

  @Test
  void updateTakesTheIdFromThePathNotTheBody() {
    createSpace("marketing", "Marketing");
    var body =
        assertOk(
            http.put(SPACES + "/marketing").json(Map.of("id", "other", "name", "Renamed")).send());
    assertThat(body.path("id").asText()).isEqualTo("marketing");
    assertThat(body.path("name").asText()).isEqualTo("Renamed");
    assertErrorShape(http.get(SPACES + "/other").send(), 404, "Not Found");
  }

  @Test
  void spacesAndRolesArePublicOnServerless() {
    try (var serverless = KibanaSim.start(SimConfig.defaults().withServerless(true))) {
      var client = new SimHttp(serverless.baseUrl());
      assertOk(client.post(SPACES).json(Map.of("id", "s", "name", "S")).send());
      assertOk(client.get(SPACES + "/s").send());
      assertNoContent(
          client
              .put("/api/security/role/r")
              .json(featureRole(List.of("s"), "visualize", "all"))
              .send());
    }
  }

  @Test
  void updateOfMissingSpaceIs404() {
    var resp = http.put(SPACES + "/ghost").json(Map.of("id", "ghost", "name", "Ghost")).send();
    assertThat(resp.status()).isEqualTo(404);
    assertThat(resp.json()).isEqualTo(parse(NOT_FOUND_BODY));
    assertErrorShape(http.get(SPACES + "/ghost").send(), 404, "Not Found");
  }

  // ---- S3 ----

  @Test
  void getOfMissingSpaceIs404() {
    var resp = http.get(SPACES + "/ghost").send();
    assertThat(resp.status()).isEqualTo(404);
    assertThat(resp.json()).isEqualTo(parse(NOT_FOUND_BODY));
  }

  @Test
  void defaultSpaceIsReserved() {
    var body = assertOk(http.get(SPACES + "/default").send());
    assertThat(body.path("id").asText()).isEqualTo("default");
    assertThat(body.path("_reserved").asBoolean()).isTrue();
    assertThat(body.path("name").asText()).isNotBlank();
  }

  // ---- S4 ----

  @Test
  void listIsSortedByName() {
    createSpace("zeta", "Zeta");
    createSpace("alpha", "Alpha");
    createSpace("mid", "Middle");
    var list = assertOk(http.get(SPACES).send());
    var names = new ArrayList<String>();
    list.forEach(s -> names.add(s.path("name").asText()));
    assertThat(names).hasSize(4).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    assertThat(names.get(0)).isEqualTo("Alpha");
    assertThat(names.get(3)).isEqualTo("Zeta");
  }

  @Test
  void listWithBadPurposeIsRejected() {
    assertErrorShape(http.get(SPACES + "?purpose=nonsense").send(), 400, "Bad Request");
    assertOk(http.get(SPACES + "?purpose=any").send());
  }

  // ---- S5 ----

  @Test
  void deleteReturns204AndRemovesTheSpacesObjects() {
    createSpace("doomed", "Doomed");
    createVis("doomed", "v1", "goes with the space");
    createVis(null, "v2", "stays");
    assertNoContent(http.delete(SPACES + "/doomed").send());
    assertThat(sim.savedObject("doomed", "visualization", "v1")).isEmpty();
    assertThat(sim.savedObject("default", "visualization", "v2")).isPresent();

    createSpace("doomed", "Doomed again");
    assertError(
        http.get("/api/saved_objects/visualization/v1").space("doomed").send(),
        404,
        "Not Found",
        "Saved object [visualization/v1] not found");
    // the freed id can be used again
    createVis(null, "v1", "now in default");
  }

  @Test
  void deleteOfDefaultSpaceIsRejected() {
    assertError(
        http.delete(SPACES + "/default").send(),
        400,
        "Bad Request",
        "The default space cannot be deleted because it is reserved.");
    assertOk(http.get(SPACES + "/default").send());
  }

  @Test
  void deleteOfMissingSpaceIs404() {
    var resp = http.delete(SPACES + "/ghost").send();
    assertThat(resp.status()).isEqualTo(404);
    assertThat(resp.json()).isEqualTo(parse(NOT_FOUND_BODY));
  }
}
