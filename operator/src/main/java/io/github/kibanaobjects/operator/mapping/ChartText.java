package io.github.kibanaobjects.operator.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import org.hjson.JsonValue;
import org.hjson.ParseException;

/**
 * Reads a chart given as text the way Kibana does: Kibana's Vega parser runs every spec through
 * {@code hjson.parse} (src/plugins/vis_types/vega/public/data_model/vega_parser.ts imports {@code
 * hjson}), so JSON and HJSON are both accepted.
 *
 * <p>Text is first read as strict JSON. Text that is not JSON but looks like it (starts with a
 * brace or bracket and uses nothing only HJSON has: comments, quoteless keys or values,
 * single-quoted or multi-line strings) is reported as broken JSON with the JSON parser's line and
 * column, since that is what its author wrote; anything else is read with a real HJSON parser. What
 * the chart says (its {@code $schema} above all) is taken from the parsed tree, never from the raw
 * text, so a {@code $schema} inside a comment or a truncated string counts for nothing.
 */
public final class ChartText {
  private ChartText() {}

  /** What a chart text was written in. */
  public enum Syntax {
    JSON,
    HJSON
  }

  /** The parsed chart and the syntax it was written in. */
  public record Parsed(JsonNode tree, Syntax syntax) {}

  /**
   * Parses a chart text.
   *
   * @throws OperatorException {@link Reason#INVALID_SPEC} with the parser's line and column when
   *     the text is neither JSON nor HJSON
   */
  public static Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid("the chart text is empty");
    }
    JsonProcessingException jsonError;
    try {
      var tree = JsonTrees.MAPPER.readTree(text);
      if (tree != null && !tree.isMissingNode()) {
        return new Parsed(tree, Syntax.JSON);
      }
      throw invalid("the chart text is empty");
    } catch (JsonProcessingException e) {
      jsonError = e;
    }
    if (looksLikeJson(text)) {
      throw invalid("the chart is not valid JSON: " + describe(jsonError));
    }
    try {
      var hjson = JsonValue.readHjson(text).toString();
      return new Parsed(JsonTrees.MAPPER.readTree(hjson), Syntax.HJSON);
    } catch (ParseException e) {
      throw invalid("the chart is not valid HJSON: " + describe(e));
    } catch (JsonProcessingException | RuntimeException e) {
      throw invalid("the chart is not valid HJSON: " + e.getMessage());
    }
  }

  /**
   * Whether the text starts like JSON and has none of HJSON's own syntax outside double-quoted
   * strings: {@code #}, {@code //} and block comments, single quotes ({@code '...'} and {@code '''}
   * strings), and bare words other than {@code true}, {@code false}, {@code null} and numbers
   * (quoteless keys and values).
   */
  static boolean looksLikeJson(String text) {
    var trimmed = text.strip();
    if (trimmed.isEmpty() || (trimmed.charAt(0) != '{' && trimmed.charAt(0) != '[')) {
      return false;
    }
    int i = 0;
    int n = trimmed.length();
    while (i < n) {
      char c = trimmed.charAt(i);
      if (c == '"') {
        i = skipString(trimmed, i);
      } else if (c == '#' || c == '\'') {
        return false;
      } else if (c == '/' && i + 1 < n && "/*".indexOf(trimmed.charAt(i + 1)) >= 0) {
        return false;
      } else if (Character.isDigit(c) || c == '-') {
        while (i < n && "0123456789+-.eE".indexOf(trimmed.charAt(i)) >= 0) {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        int end = i;
        while (end < n && isWordChar(trimmed.charAt(end))) {
          end++;
        }
        var word = trimmed.substring(i, end);
        if (!word.equals("true") && !word.equals("false") && !word.equals("null")) {
          return false;
        }
        i = end;
      } else {
        i++;
      }
    }
    return true;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || "_$-.".indexOf(c) >= 0;
  }

  /** The index just past the string that starts at {@code start} (or the end of a cut string). */
  private static int skipString(String text, int start) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    return i;
  }

  private static String describe(JsonProcessingException e) {
    var location = e.getLocation();
    var message = e.getOriginalMessage();
    if (location == null) {
      return message;
    }
    return "line %d, column %d: %s"
        .formatted(location.getLineNr(), location.getColumnNr(), message);
  }

  private static String describe(ParseException e) {
    // hjson appends " at line:column" itself; the position is said first, as for JSON.
    var message = e.getMessage().replaceFirst(" at \\d+:-?\\d+$", "");
    var where =
        e.getColumn() > 0
            ? "line %d, column %d".formatted(e.getLine(), e.getColumn())
            : "line %d (end of the text)".formatted(e.getLine());
    return where + ": " + message;
  }

  private static OperatorException invalid(String message) {
    return new OperatorException(Reason.INVALID_SPEC, message);
  }
}
