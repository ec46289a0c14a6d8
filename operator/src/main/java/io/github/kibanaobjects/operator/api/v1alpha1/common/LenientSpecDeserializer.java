package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.github.kibanaobjects.operator.JsonLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a spec without ever failing: an unknown field, an enum value this version does not know, a
 * number outside its field's {@code @Min}/{@code @Max} (or Java's int range), or a value of the
 * wrong JSON type is left unset and recorded as a problem naming the field ({@link
 * ResourceSpec#problems()}). The informer deserialises every resource of a kind; one exception
 * there stops the informer, and JOSDK then stops the operator, for every tenant. The API server
 * admits such resources whenever the CRD and the operator differ in version (or on a cluster that
 * skips validation), so they must be reported on the resource, not thrown.
 *
 * <p>Registered on {@link ResourceSpec}, so it applies with any client's ObjectMapper. The integer
 * bounds are the ones the CRD carries (the same annotations), so one constant sets both.
 */
public final class LenientSpecDeserializer extends StdDeserializer<ResourceSpec>
    implements ContextualDeserializer {
  private static final String PROBLEMS = LenientSpecDeserializer.class.getName() + ".problems";
  private static final String API_PACKAGE = "io.github.kibanaobjects.operator.api";

  /** The mapper for the spec's content: reports problems instead of throwing. */
  private static final ObjectMapper LENIENT =
      // reads the tree the client parsed (within the client's limits); free-form fields are bounded
      // by BoundedTree
      JsonMapper.builder(JsonLimits.kubernetes(new JsonFactory()))
          // this class is on ResourceSpec: the inner read uses the ordinary bean deserializer
          .annotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Object findDeserializer(Annotated annotated) {
                  var found = super.findDeserializer(annotated);
                  return found == LenientSpecDeserializer.class ? null : found;
                }
              })
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          // 1 is not true and "8" is not 8: the API server would refuse either under this CRD, so
          // such a value comes from another version of it and is reported, not guessed at.
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .addHandler(new ProblemRecorder())
          .addModule(
              new SimpleModule("lenient-values")
                  .addDeserializer(Integer.class, new BoundedInteger(null))
                  .addDeserializer(Integer.TYPE, new BoundedInteger(null))
                  .addDeserializer(String.class, new StrictString())
                  .addDeserializer(
                      Boolean.class,
                      Reported.of(NumberDeserializers.find(Boolean.class, "java.lang.Boolean")))
                  .addDeserializer(JsonNode.class, new BoundedTree())
                  .setDeserializerModifier(
                      new BeanDeserializerModifier() {
                        @Override
                        public JsonDeserializer<?> modifyEnumDeserializer(
                            DeserializationConfig config,
                            JavaType type,
                            BeanDescription beanDesc,
                            JsonDeserializer<?> deserializer) {
                          return new Reported(deserializer);
                        }
                      }))
          .build();

  private final JavaType type;

  public LenientSpecDeserializer() {
    this(null);
  }

  private LenientSpecDeserializer(JavaType type) {
    super(ResourceSpec.class);
    this.type = type;
  }

  @Override
  public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
    var contextual = ctxt.getContextualType();
    if (contextual == null && property == null) {
      throw new IllegalStateException("a spec is read as a resource's property or with read()");
    }
    return new LenientSpecDeserializer(contextual != null ? contextual : property.getType());
  }

  @Override
  public ResourceSpec deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    return read(type, ctxt.readTree(p));
  }

  /** An explicit {@code spec: null}: an empty spec that says so. */
  @Override
  public ResourceSpec getNullValue(DeserializationContext ctxt) {
    return ResourceSpec.missing(empty(type));
  }

  /** Reads {@code tree} as a spec of this type, recording every problem instead of throwing. */
  public static <S extends ResourceSpec> S read(Class<S> type, JsonNode tree) {
    return type.cast(read(LENIENT.constructType(type), tree));
  }

  private static ResourceSpec read(JavaType type, JsonNode tree) {
    var problems = new ArrayList<String>();
    ResourceSpec spec;
    if (!tree.isObject()) {
      spec = empty(type);
      problems.add("spec: expected an object, got " + describe(tree));
    } else {
      ResourceSpec read;
      try {
        read = LENIENT.readerFor(type).withAttribute(PROBLEMS, problems).readValue(tree);
      } catch (IOException | RuntimeException e) {
        // Not expected (the handler answers every problem Jackson reports), but never thrown on.
        read = null;
        problems.add(pathOf(e) + ": " + originalMessage(e));
      }
      if (read == null) {
        spec = empty(type);
      } else {
        spec = read;
        requireFields(spec, "spec", problems);
      }
    }
    spec.recordProblems(problems);
    return spec;
  }

  /**
   * Records each {@code @Required} field (the CRD's {@code required}) that is absent, in the spec
   * and in every object it holds: the API server refuses such a resource only when its CRD says so.
   * A field already reported (e.g. of the wrong type) is not reported twice.
   */
  private static void requireFields(Object bean, String path, List<String> problems) {
    if (bean == null
        || bean.getClass().isEnum()
        || !bean.getClass().getPackageName().startsWith(API_PACKAGE)) {
      return;
    }
    var description =
        LENIENT.getDeserializationConfig().introspect(LENIENT.constructType(bean.getClass()));
    for (var property : description.findProperties()) {
      var field = property.getField();
      if (field == null) {
        continue;
      }
      var fieldPath = path + "." + property.getName();
      field.fixAccess(true);
      var value = field.getValue(bean);
      if (value == null) {
        if (field.hasAnnotation(Required.class)
            && problems.stream().noneMatch(p -> isAt(p, fieldPath))) {
          problems.add(fieldPath + ": required");
        }
      } else if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          requireFields(list.get(i), fieldPath + "[" + i + "]", problems);
        }
      } else {
        requireFields(value, fieldPath, problems);
      }
    }
  }

  /** Whether a problem is about this field or something in it. */
  private static boolean isAt(String problem, String path) {
    return problem.startsWith(path)
        && problem.length() > path.length()
        && ":.[".indexOf(problem.charAt(path.length())) >= 0;
  }

  private static ResourceSpec empty(JavaType type) {
    try {
      return LENIENT.readerFor(type).readValue(JsonNodeFactory.instance.objectNode());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create an empty " + type, e);
    }
  }

  private static void record(DeserializationContext ctxt, String path, String message) {
    @SuppressWarnings("unchecked")
    var problems = (List<String>) ctxt.getAttribute(PROBLEMS);
    problems.add(path + ": " + message);
  }

  /** The field the parser is at, as {@code spec.kibana[0].spaces}. */
  static String pathOf(JsonParser p) {
    JsonStreamContext context = p.getParsingContext();
    // at the start of an object or array the parser already stands in it
    if ((p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY)
        && context.getParent() != null) {
      context = context.getParent();
    }
    var parts = new ArrayDeque<String>();
    for (var c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      }
    }
    return "spec" + String.join("", parts);
  }

  private static String pathOf(Exception e) {
    if (!(e instanceof JsonMappingException mapping)) {
      return "spec";
    }
    var path = new StringBuilder("spec");
    for (var ref : mapping.getPath()) {
      path.append(
          ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
    }
    return path.toString();
  }

  private static String originalMessage(Exception e) {
    return e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
  }

  private static String describe(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return "null";
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> String.valueOf(token);
    };
  }

  private static String expected(JavaType type) {
    var raw = type.getRawClass();
    if (raw.isEnum()) {
      return "one of " + enumValues(raw);
    }
    if (type.isCollectionLikeType()
        || type.isArrayType()
        || Collection.class.isAssignableFrom(raw)) {
      return "a list";
    }
    if (raw == String.class) {
      return "a string";
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return "true or false";
    }
    if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(raw)) {
      return "a number";
    }
    if (type.isMapLikeType() || Map.class.isAssignableFrom(raw) || !raw.isPrimitive()) {
      return "an object";
    }
    return raw.getSimpleName();
  }

  /** {@code Delete or Orphan}, {@code A, B or C}. */
  private static String enumValues(Class<?> enumType) {
    var names = Arrays.stream(enumType.getEnumConstants()).map(String::valueOf).toList();
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  /** Turns every problem Jackson reports into a recorded one and a missing value. */
  private static final class ProblemRecorder extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      record(ctxt, pathOf(p), "unknown field");
      p.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
      var message =
          targetType.isEnum()
              ? "unknown value \"%s\"; expected %s".formatted(value, enumValues(targetType))
              : "expected %s, got \"%s\""
                  .formatted(expected(ctxt.constructType(targetType)), value);
      record(ctxt, pathOf(ctxt.getParser()), message);
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(
        DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
      var message =
          targetType.isEnum()
              ? "unknown value %s; expected %s".formatted(value, enumValues(targetType))
              : "expected %s, got %s".formatted(expected(ctxt.constructType(targetType)), value);
      record(ctxt, pathOf(ctxt.getParser()), message);
      return null;
    }

    @Override
    public Object handleUnexpectedToken(
        DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p, String msg)
        throws IOException {
      record(ctxt, pathOf(p), "expected %s, got %s".formatted(expected(targetType), describe(t)));
      p.skipChildren();
      return null;
    }

    @Override
    public Object handleMissingInstantiator(
        DeserializationContext ctxt,
        Class<?> instClass,
        ValueInstantiator instantiator,
        JsonParser p,
        String msg)
        throws IOException {
      var token = p.currentToken();
      record(
          ctxt,
          pathOf(p),
          "expected %s, got %s"
              .formatted(expected(ctxt.constructType(instClass)), describe(token)));
      p.skipChildren();
      return null;
    }
  }

  /** A scalar as a message shows it: {@code "abc"}, {@code 1}, {@code true}, or its JSON type. */
  private static String describeValue(JsonParser p) throws IOException {
    var token = p.currentToken();
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case VALUE_STRING -> "\"" + abbreviate(p.getText()) + "\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
      default -> describe(token);
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }

  /**
   * A scalar or enum value whose deserializer refuses it by throwing (a coercion Jackson will not
   * make, such as 1 for a boolean or "" for an enum) rather than through the problem handler:
   * recorded in the user's terms, naming the field, and left unset.
   */
  private static final class Reported extends DelegatingDeserializer {
    private final JavaType target;

    Reported(JsonDeserializer<?> delegate) {
      this(delegate, null);
    }

    @SuppressWarnings("unchecked")
    static <T> JsonDeserializer<T> of(JsonDeserializer<?> delegate) {
      return (JsonDeserializer<T>) (JsonDeserializer<?>) new Reported(delegate);
    }

    private Reported(JsonDeserializer<?> delegate, JavaType target) {
      super(delegate);
      this.target = target;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegatee) {
      return new Reported(delegatee, target);
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      var contextual = (Reported) super.createContextual(ctxt, property);
      var type = property != null ? property.getType() : ctxt.getContextualType();
      if (type != null && (type.isCollectionLikeType() || type.isMapLikeType())) {
        type = type.getContentType();
      }
      return new Reported(contextual._delegatee, type);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      try {
        return _delegatee.deserialize(p, ctxt);
      } catch (MismatchedInputException e) {
        var type = target != null ? target : ctxt.constructType(_delegatee.handledType());
        var raw = type.getRawClass();
        var message =
            raw.isEnum()
                ? "unknown value %s; expected %s".formatted(describeValue(p), enumValues(raw))
                : "expected %s, got %s".formatted(expected(type), describeValue(p));
        record(ctxt, pathOf(p), message);
        p.skipChildren();
        return null;
      }
    }
  }

  /** A string, and only a string: Jackson would take a number or boolean as its text. */
  private static final class StrictString extends StdDeserializer<String> {
    StrictString() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      record(ctxt, pathOf(p), "expected a string, got " + describeValue(p));
      p.skipChildren();
      return null;
    }
  }

  /**
   * Free-form JSON (a chart, a query, a role's metadata) at most {@link JsonLimits#MAX_SPEC_DEPTH}
   * levels deep, else a recorded problem and no value: the operator's JSON handling recurses, and
   * the resource is refused rather than the reconcile failing on it.
   */
  private static final class BoundedTree extends StdDeserializer<JsonNode> {
    BoundedTree() {
      super(JsonNode.class);
    }

    @Override
    public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      var path = pathOf(p);
      var tree = JsonNodeDeserializer.getDeserializer(JsonNode.class).deserialize(p, ctxt);
      if (depth(tree) > JsonLimits.MAX_SPEC_DEPTH) {
        record(
            ctxt,
            path,
            "nested more than %d levels deep, more than the operator reads"
                .formatted(JsonLimits.MAX_SPEC_DEPTH));
        return null;
      }
      return tree;
    }

    @Override
    public JsonNode getNullValue(DeserializationContext ctxt) {
      return NullNode.getInstance();
    }

    /** Levels of objects and lists, counted without recursion (the tree may be very deep). */
    private static int depth(JsonNode root) {
      var max = 0;
      var nodes = new ArrayDeque<JsonNode>();
      var depths = new ArrayDeque<Integer>();
      nodes.push(root);
      depths.push(0);
      while (!nodes.isEmpty()) {
        var node = nodes.pop();
        int depth = depths.pop();
        if (node.isContainerNode()) {
          depth++;
          max = Math.max(max, depth);
          if (max > JsonLimits.MAX_SPEC_DEPTH) {
            return max;
          }
          for (var child : node) {
            nodes.push(child);
            depths.push(depth);
          }
        }
      }
      return max;
    }
  }

  /**
   * An integer within its property's {@code @Min}/{@code @Max} (the CRD's bounds), else a recorded
   * problem and no value. Reads any JSON number first, so 3000000000 is reported as out of range
   * rather than failing as out of Java's int range.
   */
  private static final class BoundedInteger extends StdDeserializer<Integer>
      implements ContextualDeserializer {
    private final BigInteger min;
    private final BigInteger max;

    BoundedInteger(BeanProperty property) {
      super(Integer.class);
      var lower = property == null ? null : property.getAnnotation(Min.class);
      var upper = property == null ? null : property.getAnnotation(Max.class);
      this.min =
          lower == null
              ? BigInteger.valueOf(Integer.MIN_VALUE)
              : BigDecimal.valueOf(lower.value()).toBigInteger();
      this.max =
          upper == null
              ? BigInteger.valueOf(Integer.MAX_VALUE)
              : BigDecimal.valueOf(upper.value()).toBigInteger();
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      return new BoundedInteger(property);
    }

    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      BigInteger value;
      switch (p.currentToken()) {
        case VALUE_NUMBER_INT -> value = p.getBigIntegerValue();
        case VALUE_NUMBER_FLOAT -> {
          var decimal = p.getDecimalValue();
          try {
            value = decimal.toBigIntegerExact();
          } catch (ArithmeticException e) {
            record(ctxt, pathOf(p), "expected an integer, got " + decimal.toPlainString());
            return null;
          }
        }
        case VALUE_STRING -> {
          // "8" is not 8 (no coercion, as for every other field)
          record(ctxt, pathOf(p), "expected an integer, got " + describeValue(p));
          return null;
        }
        default -> {
          return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
        }
      }
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        record(ctxt, pathOf(p), "%s is out of range %s..%s".formatted(value, min, max));
        return null;
      }
      return value.intValueExact();
    }
  }
}
