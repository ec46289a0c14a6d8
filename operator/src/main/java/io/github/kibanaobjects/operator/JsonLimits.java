package io.github.kibanaobjects.operator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;

/**
 * How large and how deep the JSON the operator reads may be, in one place.
 *
 * <p>Jackson's defaults (1,000 levels, 50,000-character names, 20 million-character strings) are
 * below what the Kubernetes API server stores: it decodes JSON with Go's encoding/json, which
 * refuses only nesting beyond 10,000 levels, and bounds a whole object by its 3 MiB request limit.
 * A resource between the two made the Kubernetes client fail on the whole list or watch of its
 * kind, so one resource stopped the operator for every tenant. The client therefore reads past the
 * API server's own bounds ({@link #kubernetes}); what a spec may hold is bounded per resource
 * instead ({@link #MAX_SPEC_DEPTH}), so a resource beyond it is InvalidSpec, not a crash.
 */
public final class JsonLimits {
  /**
   * The deepest free-form content (vegaLite, vega, elasticsearchData.query, a role's metadata) a
   * spec may hold, counted from the field. Charts use a few tens of levels and Elasticsearch
   * refuses queries nested beyond a few tens; deeper content is InvalidSpec, which keeps the
   * operator's own (recursive) JSON handling far from Jackson's 1,000 levels and the stack.
   */
  public static final int MAX_SPEC_DEPTH = 500;

  /**
   * Nesting the Kubernetes client accepts: the API server's 10,000, its list and watch envelopes.
   */
  public static final int MAX_KUBERNETES_DEPTH = 11_000;

  /**
   * The longest name or string accepted anywhere: ten times the API server's 3 MiB request limit (a
   * character takes at least one byte), so nothing it stores is refused, yet bounded.
   */
  public static final int MAX_STRING_LENGTH = 32 * 1024 * 1024;

  private JsonLimits() {}

  /** For the Kubernetes client: everything the API server stores can be read and written back. */
  public static JsonFactory kubernetes(JsonFactory factory) {
    return factory
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_KUBERNETES_DEPTH)
                .maxNameLength(MAX_STRING_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .build())
        .setStreamWriteConstraints(
            StreamWriteConstraints.builder().maxNestingDepth(MAX_KUBERNETES_DEPTH).build());
  }

  /**
   * For the operator's own JSON (charts, Kibana's answers): Jackson's default depth, which holds
   * any spec content within {@link #MAX_SPEC_DEPTH} with its envelope, and the long names and
   * strings a resource may carry.
   */
  public static JsonFactory operator(JsonFactory factory) {
    return factory.setStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxNameLength(MAX_STRING_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .build());
  }
}
