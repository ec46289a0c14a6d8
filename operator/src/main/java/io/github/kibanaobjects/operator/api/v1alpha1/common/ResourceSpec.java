package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * What every kind's spec shares: it is read leniently ({@link LenientSpecDeserializer}), so a
 * field, enum value or number this version cannot use becomes a problem recorded here instead of an
 * exception in the informer (which would stop the operator for every resource). The shared
 * reconcile path refuses a spec with problems ({@code InvalidSpec}) before anything reaches Kibana.
 */
@JsonDeserialize(using = LenientSpecDeserializer.class)
public abstract class ResourceSpec {
  @JsonIgnore private List<String> problems = List.of();

  /** What could not be read, each naming its field, e.g. {@code spec.foo: unknown field}. */
  public List<String> problems() {
    return problems;
  }

  /**
   * {@code spec} itself is absent or null: the kinds start with such a spec ({@code initSpec}), so
   * a resource without one is reported rather than failing wherever its spec is read.
   */
  public static <S extends ResourceSpec> S missing(S empty) {
    empty.recordProblems(List.of("spec: missing"));
    return empty;
  }

  /** Set by the deserializer (and kept by the operator's resource cloner). */
  public void recordProblems(List<String> found) {
    this.problems = List.copyOf(found);
  }
}
