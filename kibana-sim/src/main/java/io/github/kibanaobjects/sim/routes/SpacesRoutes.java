package io.github.kibanaobjects.sim.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kibanaobjects.sim.http.Exchange;
import io.github.kibanaobjects.sim.http.Json;
import io.github.kibanaobjects.sim.http.KibanaError;
import io.github.kibanaobjects.sim.http.Reply;
import io.github.kibanaobjects.sim.http.Route;
import io.github.kibanaobjects.sim.http.Route.Option;
import io.github.kibanaobjects.sim.http.Router;
import io.github.kibanaobjects.sim.http.Validation;
import io.github.kibanaobjects.sim.security.Authorizer;
import io.github.kibanaobjects.sim.state.SavedObjectRepository;
import io.github.kibanaobjects.sim.state.SimState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The versioned spaces API ({@code /api/spaces/space...}), contract section 5. */
public final class SpacesRoutes {
  /** {@code xpack.spaces.maxSpaces}. */
  static final int MAX_SPACES = 1000;

  private static final Pattern ID = Pattern.compile("^[a-z0-9_\\-]+$");
  private static final Pattern COLOR = Pattern.compile("^#[a-zA-Z0-9]{6}$");
  private static final List<String> SOLUTIONS = List.of("es", "oblt", "security", "classic");
  private static final List<String> PURPOSES =
      List.of("any", "copySavedObjectsIntoSpace", "shareSavedObjectsIntoSpace");

  /** Features a solution view hides, by the solution they belong to. */
  private static final Map<String, List<String>> SOLUTION_FEATURES =
      Map.of(
          "es", List.of("enterpriseSearch", "searchInferenceEndpoints", "searchPlayground"),
          "oblt", List.of("apm", "infrastructure", "logs", "observabilityCasesV3", "slo", "uptime"),
          "security", List.of("securitySolutionCasesV3", "siemV3", "securitySolutionAssistant"));

  private static final String[] SPACE_KEYS = {
    "id",
    "name",
    "description",
    "initials",
    "color",
    "imageUrl",
    "disabledFeatures",
    "_reserved",
    "solution"
  };

  private final SimState state;
  private final Authorizer authorizer;
  private final SavedObjectRepository repository;

  public SpacesRoutes(SimState state, Authorizer authorizer) {
    this.state = state;
    this.authorizer = authorizer;
    this.repository = new SavedObjectRepository(state);
  }

  public void register(Router router) {
    router.add(Route.of("POST", "/api/spaces/space", this::create, Option.VERSIONED));
    router.add(Route.of("PUT", "/api/spaces/space/{id}", this::update, Option.VERSIONED));
    router.add(Route.of("GET", "/api/spaces/space/{id}", this::get, Option.VERSIONED));
    router.add(Route.of("GET", "/api/spaces/space", this::getAll, Option.VERSIONED));
    router.add(Route.of("DELETE", "/api/spaces/space/{id}", this::delete, Option.VERSIONED));
  }

  private Reply create(Exchange ex) {
    ex.allowQuery();
    ObjectNode space = validate(ex.bodyObject(SPACE_KEYS), null, "create");
    requireManage(ex, "create");
    String id = space.get("id").asText();
    synchronized (state.writeLock()) {
      if (state.spaces().containsKey(id)) {
        throw KibanaError.conflict("A space with the identifier " + id + " already exists.");
      }
      if (state.spaces().size() >= MAX_SPACES) {
        throw KibanaError.badRequest(
            "Unable to create Space, this exceeds the maximum number of"
                + " spaces set by the xpack.spaces.maxSpaces setting");
      }
      state.spaces().put(id, space);
    }
    return Reply.json(space);
  }

  private Reply update(Exchange ex) {
    ex.allowQuery();
    String id = ex.param("id");
    ObjectNode space = validate(ex.bodyObject(SPACE_KEYS), id, "update");
    requireManage(ex, "update");
    synchronized (state.writeLock()) {
      ObjectNode existing = state.spaces().get(id);
      if (existing == null) {
        throw KibanaError.notFound("Not Found");
      }
      if (existing.path("_reserved").asBoolean(false)) {
        space.put("_reserved", true);
      }
      state.spaces().put(id, space);
    }
    return Reply.json(state.spaces().get(id));
  }

  private Reply get(Exchange ex) {
    ex.allowQuery();
    String id = ex.param("id");
    // Kibana's secure spaces client checks the privilege before it looks the space up
    if (!authorizer.grants(ex.principal()).hasAnyAccess(id)) {
      throw KibanaError.forbidden("Unauthorized to get " + id + " space");
    }
    ObjectNode space = state.spaces().get(id);
    if (space == null) {
      throw KibanaError.notFound("Not Found");
    }
    return Reply.json(space);
  }

  private Reply getAll(Exchange ex) {
    ex.allowQuery("purpose", "include_authorized_purposes");
    String purpose = ex.query("purpose");
    if (purpose != null && !PURPOSES.contains(purpose)) {
      throw KibanaError.badRequest(
          "[request query.purpose]: types that failed validation:\n"
              + "- [request query.purpose.0]: expected value to equal [any]\n"
              + "- [request query.purpose.1]: expected value to equal [copySavedObjectsIntoSpace]\n"
              + "- [request query.purpose.2]: expected value to equal [shareSavedObjectsIntoSpace]");
    }
    boolean withPurposes = ex.queryBool("include_authorized_purposes");
    var grants = authorizer.grants(ex.principal());
    var spaces = new ArrayList<ObjectNode>();
    for (ObjectNode space : state.spaces().values()) {
      if (grants.hasAnyAccess(space.get("id").asText())) {
        spaces.add(space);
      }
    }
    if (spaces.isEmpty()) {
      throw KibanaError.forbidden("Forbidden");
    }
    spaces.sort(
        Comparator.comparing((ObjectNode s) -> s.get("name").asText())
            .thenComparing(s -> s.get("id").asText()));
    var answer = Json.array();
    for (ObjectNode space : spaces) {
      if (withPurposes) {
        var copy = space.deepCopy();
        var purposes = copy.putObject("authorizedPurposes");
        for (String p :
            List.of(
                "any",
                "copySavedObjectsIntoSpace",
                "findSavedObjects",
                "shareSavedObjectsIntoSpace")) {
          purposes.put(p, true);
        }
        answer.add(copy);
      } else {
        answer.add(space);
      }
    }
    return Reply.json(answer);
  }

  private Reply delete(Exchange ex) {
    ex.allowQuery();
    String id = ex.param("id");
    requireManage(ex, "delete");
    synchronized (state.writeLock()) {
      ObjectNode existing = state.spaces().get(id);
      if (existing == null) {
        throw KibanaError.notFound("Not Found");
      }
      if (existing.path("_reserved").asBoolean(false)) {
        throw KibanaError.badRequest(
            "The " + id + " space cannot be deleted because it is reserved.");
      }
      state.spaces().remove(id);
      repository.deleteSpace(id);
    }
    return Reply.noContent();
  }

  private void requireManage(Exchange ex, String verb) {
    if (!authorizer.grants(ex.principal()).canManageSpaces()) {
      throw KibanaError.forbidden("Unauthorized to " + verb + " spaces");
    }
  }

  /** Validates a space body; returns it as stored and answered (undefined fields omitted). */
  private ObjectNode validate(ObjectNode body, String pathId, String verb) {
    String path = "request body";
    String id = Validation.requiredString(body, "id", path);
    if (!ID.matcher(id).matches()) {
      throw Validation.invalid(
          path + ".id", "must be lower case, a-z, 0-9, '_', and '-' are allowed");
    }
    String name = Validation.requiredString(body, "name", path);
    if (name.isEmpty()) {
      throw Validation.invalid(
          path + ".name", "value has length [0] but it must have a minimum length of [1].");
    }
    var space = Json.object();
    space.put("id", pathId == null ? id : pathId);
    space.put("name", name);
    String description = Validation.optionalString(body, "description", path);
    if (description != null) {
      space.put("description", description);
    }
    String color = Validation.optionalString(body, "color", path);
    if (color != null) {
      if (!COLOR.matcher(color).matches()) {
        throw Validation.invalid(path + ".color", "must be a 6 digit hex color, starting with a #");
      }
      space.put("color", color);
    }
    String initials = Validation.optionalString(body, "initials", path);
    if (initials != null) {
      if (initials.length() > 2) {
        throw Validation.invalid(
            path + ".initials",
            "value has length ["
                + initials.length()
                + "] but it must have a maximum length of [2].");
      }
      space.put("initials", initials);
    }
    String imageUrl = Validation.optionalString(body, "imageUrl", path);
    if (imageUrl != null) {
      if (!imageUrl.startsWith("data:image")) {
        throw Validation.invalid(path + ".imageUrl", "Image URL should start with 'data:image'");
      }
      space.put("imageUrl", imageUrl);
    }
    List<String> disabled = Validation.optionalStrings(body, "disabledFeatures", path);
    if (disabled == null) {
      disabled = List.of();
    }
    if (disabled.size() > 100) {
      throw Validation.invalid(
          path + ".disabledFeatures",
          "array size is [" + disabled.size() + "], but cannot be greater than [100]");
    }
    Validation.optionalBoolean(body, "_reserved", path);
    String solution = solution(body, verb);
    if (state.config().serverless() && !disabled.isEmpty()) {
      throw KibanaError.badRequest(
          "Unable to "
              + verb
              + " Space, the disabledFeatures array must"
              + " be empty when xpack.spaces.allowFeatureVisibility setting is disabled");
    }
    var features = new LinkedHashSet<>(disabled);
    if (solution != null && !solution.equals("classic")) {
      SOLUTION_FEATURES.forEach(
          (owner, ids) -> {
            if (!owner.equals(solution)) {
              features.addAll(ids);
            }
          });
    }
    space.set("disabledFeatures", Json.arrayOf(features));
    if (solution != null) {
      space.put("solution", solution);
    }
    return space;
  }

  private String solution(JsonNode body, String verb) {
    if (!body.has("solution")) {
      return null;
    }
    JsonNode value = body.get("solution");
    // The space schema gained solution in 8.16 (contract section 5); before, it is an unknown key.
    if (!state.config().serverless() && !state.config().versionAtLeast(8, 16)) {
      throw KibanaError.badRequest("[request body.solution]: definition for this key is missing");
    }
    if (state.config().serverless()) {
      throw KibanaError.badRequest(
          "Unable to " + verb + " Space, solution property is forbidden in serverless");
    }
    if (value.isTextual() && value.asText().isEmpty()) {
      throw KibanaError.badRequest(
          "Unable to " + verb + " Space, solution property cannot be empty");
    }
    if (!value.isTextual() || !SOLUTIONS.contains(value.asText())) {
      var message = new StringBuilder("types that failed validation:");
      for (int i = 0; i < SOLUTIONS.size(); i++) {
        message
            .append("\n- [request body.solution.")
            .append(i)
            .append("]: expected value to equal [")
            .append(SOLUTIONS.get(i))
            .append("]");
      }
      throw Validation.invalid("request body.solution", message.toString());
    }
    return value.asText();
  }
}
