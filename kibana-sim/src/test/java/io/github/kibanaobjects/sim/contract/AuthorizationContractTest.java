package io.github.kibanaobjects.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Contract section 6, insufficient privileges; the origin story: a role granting the visualize
 * feature in one space lets its user manage visualizations there and nowhere else.
 */
class AuthorizationContractTest extends SimContractBase {
  static final String PW = "pw-123456";
  static final String VIS = "/api/saved_objects/visualization/";

  private void spacesXandY() {
    createSpace("x", "Space X");
    createSpace("y", "Space Y");
  }

  private void user(String name, String role, JsonNode def) {
    putRole(role, def);
    sim.addUser(name, PW, role);
  }

  @Test
  void visualizeAllInSpaceXAllowsCreateUpdateDeleteThere() {
    spacesXandY();
    user("vis", "vis_x", featureRole(List.of("x"), "visualize", "all"));

    var created =
        http.post(VIS + "v1")
            .space("x")
            .as("vis", PW)
            .json(createBody(visAttributes("mine")))
            .send();
    assertThat(assertOk(created).path("namespaces")).containsExactly(text("x"));
    var updated =
        http.put(VIS + "v1")
            .space("x")
            .as("vis", PW)
            .json(createBody(obj().put("title", "renamed")))
            .send();
    assertThat(assertOk(updated).path("attributes").path("title").asText()).isEqualTo("renamed");
    assertThat(assertOk(http.delete(VIS + "v1").space("x").as("vis", PW).send()).isEmpty())
        .isTrue();
    assertThat(sim.savedObject("x", "visualization", "v1")).isEmpty();
  }

  @Test
  void visualizeAllInSpaceXIsForbiddenInSpaceY() {
    spacesXandY();
    user("vis", "vis_x", featureRole(List.of("x"), "visualize", "all"));

    var resp =
        http.post(VIS + "v1")
            .space("y")
            .as("vis", PW)
            .json(createBody(visAttributes("elsewhere")))
            .send();
    // No access to Y at all: the contract allows "Forbidden" here, the brief expects the action.
    var body = assertErrorShape(resp, 403, "Forbidden");
    assertThat(body.path("message").asText()).isIn("Unable to create visualization", "Forbidden");
    assertThat(sim.savedObject("y", "visualization", "v1")).isEmpty();
  }

  @Test
  void readInSpaceYWithAllInXGivesUnableToCreateInY() {
    spacesXandY();
    var all = obj();
    all.set("spaces", SimHttp.JSON.valueToTree(List.of("x")));
    all.putArray("base");
    all.putObject("feature").putArray("visualize").add("all");
    var read = obj();
    read.set("spaces", SimHttp.JSON.valueToTree(List.of("y")));
    read.putArray("base");
    read.putObject("feature").putArray("visualize").add("read");
    user("vis", "vis_mixed", roleWith(all, read));

    assertOk(
        http.post(VIS + "v1")
            .space("x")
            .as("vis", PW)
            .json(createBody(visAttributes("ok")))
            .send());
    assertError(
        http.post(VIS + "v2").space("y").as("vis", PW).json(createBody(visAttributes("no"))).send(),
        403,
        "Forbidden",
        "Unable to create visualization");
  }

  @Test
  void noAccessToASpaceForbidsReadsThere() {
    spacesXandY();
    createVis("y", "v1", "in y");
    user("reader", "vis_read_x", featureRole(List.of("x"), "visualize", "read"));
    var body =
        assertErrorShape(http.get(VIS + "v1").space("y").as("reader", PW).send(), 403, "Forbidden");
    assertThat(body.path("message").asText()).isIn("Unable to get visualization", "Forbidden");
  }

  @Test
  void spaceBaseAllAllowsEveryTypeInThatSpaceOnly() {
    spacesXandY();
    user("owner", "x_owner", baseRole(List.of("x"), "all"));
    assertOk(
        http.post(VIS + "v1")
            .space("x")
            .as("owner", PW)
            .json(createBody(visAttributes("v")))
            .send());
    assertOk(
        http.post("/api/saved_objects/dashboard/d1")
            .space("x")
            .as("owner", PW)
            .json(createBody(obj().put("title", "d").put("panelsJSON", "[]")))
            .send());
    var elsewhere =
        http.post(VIS + "v2")
            .space("y")
            .as("owner", PW)
            .json(createBody(visAttributes("v")))
            .send();
    assertErrorShape(elsewhere, 403, "Forbidden");
    assertThat(sim.savedObject("y", "visualization", "v2")).isEmpty();
  }

  @Test
  void spaceBaseReadAllowsReadsOnly() {
    createSpace("x", "Space X");
    createVis("x", "v1", "r");
    user("reader", "x_reader", baseRole(List.of("x"), "read"));
    assertOk(http.get(VIS + "v1").space("x").as("reader", PW).send());
    assertError(
        http.put(VIS + "v1")
            .space("x")
            .as("reader", PW)
            .json(createBody(obj().put("title", "w")))
            .send(),
        403,
        "Forbidden",
        "Unable to update visualization");
  }

  @Test
  void visualizeAllDoesNotGrantDashboards() {
    spacesXandY();
    user("vis", "vis_x", featureRole(List.of("x"), "visualize", "all"));
    var dash = createBody(obj().put("title", "d").put("panelsJSON", "[]"));
    assertError(
        http.post("/api/saved_objects/dashboard/d1").space("x").as("vis", PW).json(dash).send(),
        403,
        "Forbidden",
        "Unable to create dashboard");
  }

  @Test
  void readPrivilegeAllowsGetFindAndExport() {
    createSpace("x", "Space X");
    createVis("x", "v1", "readable");
    user("reader", "vis_read_x", featureRole(List.of("x"), "visualize", "read"));

    var got = assertOk(http.get(VIS + "v1").space("x").as("reader", PW).send());
    assertThat(got.path("attributes").path("title").asText()).isEqualTo("readable");
    var found =
        assertOk(
            http.get("/api/saved_objects/_find?type=visualization")
                .space("x")
                .as("reader", PW)
                .send());
    assertThat(found.path("total").asInt()).isEqualTo(1);
    var exported =
        http.post("/api/saved_objects/_export")
            .space("x")
            .as("reader", PW)
            .json(Map.of("type", List.of("visualization")))
            .send();
    assertThat(exported.status()).as("%s", exported).isEqualTo(200);
    assertThat(exported.ndjson().get(0).path("id").asText()).isEqualTo("v1");
  }

  @Test
  void findAcrossAllSpacesShowsOnlyAuthorizedSpaces() {
    spacesXandY();
    createVis(null, "d1", "default");
    createVis("x", "x1", "x");
    createVis("y", "y1", "y");
    user("reader", "vis_read_x", featureRole(List.of("x"), "visualize", "read"));
    var resp =
        http.get("/api/saved_objects/_find?type=visualization&namespaces=*")
            .space("x")
            .as("reader", PW)
            .send();
    var ids = new ArrayList<String>();
    assertOk(resp).path("saved_objects").forEach(o -> ids.add(o.path("id").asText()));
    assertThat(ids).containsExactly("x1");
  }

  @Test
  void readPrivilegeForbidsCreateUpdateAndDelete() {
    createSpace("x", "Space X");
    createVis("x", "v1", "readable");
    user("reader", "vis_read_x", featureRole(List.of("x"), "visualize", "read"));

    assertError(
        http.post(VIS + "v2")
            .space("x")
            .as("reader", PW)
            .json(createBody(visAttributes("new")))
            .send(),
        403,
        "Forbidden",
        "Unable to create visualization");
    assertError(
        http.put(VIS + "v1")
            .space("x")
            .as("reader", PW)
            .json(createBody(obj().put("title", "changed")))
            .send(),
        403,
        "Forbidden",
        "Unable to update visualization");
    assertError(
        http.delete(VIS + "v1").space("x").as("reader", PW).send(),
        403,
        "Forbidden",
        "Unable to delete visualization");
    assertThat(
            sim.savedObject("x", "visualization", "v1")
                .orElseThrow()
                .path("attributes")
                .path("title")
                .asText())
        .isEqualTo("readable");
  }

  @Test
  void readPrivilegeForbidsBulkCreate() {
    createSpace("x", "Space X");
    user("reader", "vis_read_x", featureRole(List.of("x"), "visualize", "read"));
    var item = obj().put("type", "visualization").put("id", "b1");
    item.set("attributes", visAttributes("bulk"));
    var resp =
        http.post("/api/saved_objects/_bulk_create")
            .space("x")
            .as("reader", PW)
            .json(List.of(item))
            .send();
    assertError(resp, 403, "Forbidden", "Unable to bulk_create visualization");
  }

  @Test
  void importIsCheckedAsBulkCreateWithSortedTypes() {
    var visRead = obj();
    visRead.set("spaces", SimHttp.JSON.valueToTree(List.of("*")));
    visRead.putArray("base");
    var features = visRead.putObject("feature");
    features.putArray("visualize").add("read");
    features.putArray("dashboard").add("read");
    user("reader", "readers", roleWith(visRead));

    var ndjson =
        SimHttp.toJson(
                Map.of(
                    "type",
                    "visualization",
                    "id",
                    "v1",
                    "attributes",
                    visAttributes("v"),
                    "references",
                    List.of()))
            + "\n"
            + SimHttp.toJson(
                Map.of(
                    "type",
                    "dashboard",
                    "id",
                    "d1",
                    "attributes",
                    Map.of("title", "d", "panelsJSON", "[]"),
                    "references",
                    List.of()));
    var resp =
        http.post("/api/saved_objects/_import")
            .as("reader", PW)
            .importFile("export.ndjson", ndjson)
            .send();
    assertError(resp, 403, "Forbidden", "Unable to bulk_create dashboard,visualization");
    assertThat(sim.savedObject("default", "visualization", "v1")).isEmpty();
  }

  @Test
  void importWithVisualizeAllInTheSpaceSucceeds() {
    createSpace("x", "Space X");
    user("vis", "vis_x", featureRole(List.of("x"), "visualize", "all"));
    var ndjson =
        SimHttp.toJson(
            Map.of(
                "type",
                "visualization",
                "id",
                "v1",
                "attributes",
                visAttributes("v"),
                "references",
                List.of()));
    var body =
        assertOk(
            http.post("/api/saved_objects/_import")
                .space("x")
                .as("vis", PW)
                .importFile("export.ndjson", ndjson)
                .send());
    assertThat(body.path("success").asBoolean()).isTrue();
    assertThat(sim.savedObject("x", "visualization", "v1")).isPresent();
  }

  @Test
  void baseAllOnEverySpaceAllowsEverythingButRoles() {
    spacesXandY();
    user("admin", "kibana_all", baseRole(List.of("*"), "all"));

    for (var space : List.of("default", "x", "y")) {
      assertOk(
          http.post(VIS + "v-" + space)
              .space(space)
              .as("admin", PW)
              .json(createBody(visAttributes(space)))
              .send());
      assertOk(
          http.post("/api/saved_objects/dashboard/d-" + space)
              .space(space)
              .as("admin", PW)
              .json(createBody(obj().put("title", "d").put("panelsJSON", "[]")))
              .send());
      assertOk(http.delete(VIS + "v-" + space).space(space).as("admin", PW).send());
    }
    assertOk(
        http.post("/api/spaces/space")
            .as("admin", PW)
            .json(Map.of("id", "z", "name", "Space Z"))
            .send());

    // No manage_security cluster privilege: the role API is ES's and refuses.
    var role =
        http.put("/api/security/role/sneaky")
            .as("admin", PW)
            .json(baseRole(List.of("*"), "all"))
            .send();
    assertErrorShape(role, 403, "Forbidden");
    assertThat(sim.role("sneaky")).isEmpty();
  }

  @Test
  void userWithoutManageSecurityCannotReadOrDeleteRoles() {
    putRole("victim", baseRole(List.of("*"), "read"));
    user("vis", "vis_all", featureRole(List.of("*"), "visualize", "all"));
    assertErrorShape(http.get("/api/security/role").as("vis", PW).send(), 403, "Forbidden");
    assertErrorShape(
        http.delete("/api/security/role/victim").as("vis", PW).send(), 403, "Forbidden");
    assertThat(sim.role("victim")).isPresent();
  }

  @Test
  void superuserRoleAllowsEverythingIncludingRoles() {
    createSpace("x", "Space X");
    sim.addUser("root", PW, "superuser");
    assertOk(
        http.post(VIS + "v1")
            .space("x")
            .as("root", PW)
            .json(createBody(visAttributes("root's")))
            .send());
    assertNoContent(
        http.put("/api/security/role/made_by_root")
            .as("root", PW)
            .json(baseRole(List.of("x"), "read"))
            .send());
    assertOk(http.get("/api/security/role/made_by_root").as("root", PW).send());
    assertNoContent(http.delete("/api/security/role/made_by_root").as("root", PW).send());
  }

  @Test
  void builtInViewerReadsButCannotWrite() {
    createVis(null, "v1", "seen");
    sim.addUser("view", PW, "viewer");
    assertOk(http.get(VIS + "v1").as("view", PW).send());
    assertError(
        http.post(VIS + "v2").as("view", PW).json(createBody(visAttributes("n"))).send(),
        403,
        "Forbidden",
        "Unable to create visualization");
  }

  @Test
  void featureOnlyUserCannotManageSpaces() {
    createSpace("x", "Space X");
    user("vis", "vis_all", featureRole(List.of("*"), "visualize", "all"));
    assertError(
        http.post("/api/spaces/space")
            .as("vis", PW)
            .json(Map.of("id", "new", "name", "New"))
            .send(),
        403,
        "Forbidden",
        "Unauthorized to create spaces");
    assertError(
        http.put("/api/spaces/space/x")
            .as("vis", PW)
            .json(Map.of("id", "x", "name", "Renamed"))
            .send(),
        403,
        "Forbidden",
        "Unauthorized to update spaces");
    assertError(
        http.delete("/api/spaces/space/x").as("vis", PW).send(),
        403,
        "Forbidden",
        "Unauthorized to delete spaces");
  }

  @Test
  void apiKeyActsWithItsOwnersPrivileges() {
    createVis(null, "v1", "seen");
    sim.addUser("view", PW, "viewer");
    var key = sim.createApiKey("view");
    assertOk(http.get(VIS + "v1").apiKey(key).send());
    assertError(
        http.post(VIS + "v2").apiKey(key).json(createBody(visAttributes("n"))).send(),
        403,
        "Forbidden",
        "Unable to create visualization");
  }
}
