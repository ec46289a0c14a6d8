package io.github.kibanaobjects.sim.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.sim.http.KibanaError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The parts of {@code _find} that select objects: {@code search} (a simple_query_string subset over
 * analysed text), {@code has_reference} and a small KQL {@code filter} subset ({@code
 * <type>.attributes.<field>: value} joined by {@code and} / {@code or}).
 */
public final class SavedObjectSearch {

  public record Reference(String type, String id) {}

  private SavedObjectSearch() {}

  /**
   * Terms separated by spaces, {@code "quoted phrases"} and {@code prefix*}; a term matches when
   * its tokens occur in order in one of the fields. {@code and} needs every term.
   */
  public static Predicate<StoredObject> search(
      String search, List<String> searchFields, boolean and) {
    if (search == null || search.isBlank() || search.trim().equals("*")) {
      return o -> true;
    }
    List<String> terms = terms(search);
    return o -> {
      List<List<String>> fields = new ArrayList<>();
      for (String field : fieldsFor(o, searchFields)) {
        JsonNode value = o.attributes().get(field);
        if (value != null && value.isValueNode()) {
          fields.add(tokens(value.asText()));
        }
      }
      int hits = 0;
      for (String term : terms) {
        if (termMatches(term, fields)) {
          hits++;
        }
      }
      return and ? hits == terms.size() : hits > 0;
    };
  }

  public static Predicate<StoredObject> hasReference(
      List<Reference> references, boolean and, boolean negate) {
    if (references.isEmpty()) {
      return o -> true;
    }
    Predicate<StoredObject> matcher =
        o -> {
          int hits = 0;
          for (Reference wanted : references) {
            for (JsonNode ref : o.references()) {
              if (wanted.type().equals(ref.path("type").asText())
                  && wanted.id().equals(ref.path("id").asText())) {
                hits++;
                break;
              }
            }
          }
          return and ? hits == references.size() : hits > 0;
        };
    return negate ? matcher.negate() : matcher;
  }

  /** Parses {@code has_reference}: a JSON object or array of {@code {type,id}}. */
  public static List<Reference> parseReferences(String name, String json) {
    if (json == null) {
      return List.of();
    }
    JsonNode node = io.github.kibanaobjects.sim.http.Json.parseOrNull(json);
    if (node == null || !(node.isObject() || node.isArray())) {
      throw KibanaError.badRequest(
          "[request query." + name + "]: could not parse object value from json input");
    }
    var result = new ArrayList<Reference>();
    for (JsonNode item : node.isArray() ? node : List.of(node)) {
      if (!item.path("type").isTextual() || !item.path("id").isTextual()) {
        throw KibanaError.badRequest("[request query." + name + "]: expected {type, id} objects");
      }
      result.add(new Reference(item.get("type").asText(), item.get("id").asText()));
    }
    return result;
  }

  /** KQL subset; rejects types outside {@code types} the way Kibana does. */
  public static Predicate<StoredObject> filter(String kql, Set<String> types) {
    if (kql == null || kql.isBlank()) {
      return o -> true;
    }
    String lower = kql.toLowerCase(Locale.ROOT);
    boolean or = lower.contains(" or ");
    if (or && lower.contains(" and ")) {
      throw KibanaError.badRequest(
          "KQLSyntaxError: the simulator's KQL subset cannot mix and/or: " + kql);
    }
    String[] clauses = kql.split("(?i)\\s+" + (or ? "or" : "and") + "\\s+");
    var predicates = new ArrayList<Predicate<StoredObject>>();
    for (String clause : clauses) {
      predicates.add(clause(clause.trim(), types, kql));
    }
    return o ->
        or
            ? predicates.stream().anyMatch(p -> p.test(o))
            : predicates.stream().allMatch(p -> p.test(o));
  }

  private static Predicate<StoredObject> clause(String clause, Set<String> types, String kql) {
    int colon = clause.indexOf(':');
    if (colon <= 0) {
      throw KibanaError.badRequest("KQLSyntaxError: Expected \":\" in " + kql);
    }
    String field = clause.substring(0, colon).trim();
    String value = clause.substring(colon + 1).trim();
    if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
      value = value.substring(1, value.length() - 1);
    } else if (value.isEmpty() || value.chars().anyMatch(c -> "():<>{}\"\\".indexOf(c) >= 0)) {
      throw KibanaError.badRequest(
          "KQLSyntaxError: Expected a value but \"" + value + "\" found in " + kql);
    }
    String[] path = field.split("\\.");
    String type = path[0];
    if (!types.contains(type)) {
      throw KibanaError.badRequest("This type " + type + " is not allowed: Bad Request");
    }
    if (path.length < 2) {
      throw KibanaError.badRequest("KQLSyntaxError: " + field + " is not a field");
    }
    String expected = value;
    if (path[1].equals("attributes") && path.length == 3) {
      String attribute = path[2];
      return o -> o.type().equals(type) && valueMatches(o.attributes().get(attribute), expected);
    }
    if (path.length == 2 && (path[1].equals("updated_at") || path[1].equals("id"))) {
      return o ->
          o.type().equals(type) && expected.equals(path[1].equals("id") ? o.id() : o.updatedAt());
    }
    throw KibanaError.badRequest("KQLSyntaxError: unsupported field " + field);
  }

  private static boolean valueMatches(JsonNode actual, String expected) {
    if (actual == null || !actual.isValueNode()) {
      return false;
    }
    if (expected.equals("*")) {
      return true;
    }
    if (expected.endsWith("*")) {
      return actual
          .asText()
          .toLowerCase(Locale.ROOT)
          .startsWith(expected.substring(0, expected.length() - 1).toLowerCase(Locale.ROOT));
    }
    return termMatches(expected, List.of(tokens(actual.asText())));
  }

  private static List<String> fieldsFor(StoredObject o, List<String> searchFields) {
    if (searchFields == null || searchFields.isEmpty()) {
      return List.of(
          SavedObjectTypes.find(o.type())
              .map(SavedObjectTypes.TypeInfo::titleAttribute)
              .orElse("title"));
    }
    var fields = new ArrayList<String>();
    for (String f : searchFields) {
      int boost = f.indexOf('^');
      fields.add(boost >= 0 ? f.substring(0, boost) : f);
    }
    return fields;
  }

  static List<String> terms(String search) {
    var terms = new ArrayList<String>();
    var current = new StringBuilder();
    boolean quoted = false;
    for (char c : search.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        if (!quoted && current.length() > 0) {
          terms.add(current.toString());
          current.setLength(0);
        }
      } else if (Character.isWhitespace(c) && !quoted) {
        if (current.length() > 0) {
          terms.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      terms.add(current.toString());
    }
    return terms;
  }

  private static boolean termMatches(String term, List<List<String>> fields) {
    boolean prefix = term.endsWith("*");
    List<String> wanted = tokens(prefix ? term.substring(0, term.length() - 1) : term);
    if (wanted.isEmpty()) {
      return prefix;
    }
    for (List<String> tokens : fields) {
      for (int start = 0; start + wanted.size() <= tokens.size(); start++) {
        boolean all = true;
        for (int i = 0; i < wanted.size() && all; i++) {
          String have = tokens.get(start + i);
          boolean last = i == wanted.size() - 1;
          all = last && prefix ? have.startsWith(wanted.get(i)) : have.equals(wanted.get(i));
        }
        if (all) {
          return true;
        }
      }
    }
    return false;
  }

  /** Standard-analyser-like tokens: lower case, split on anything not a letter or digit. */
  static List<String> tokens(String text) {
    var tokens = new ArrayList<String>();
    for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    return tokens;
  }
}
