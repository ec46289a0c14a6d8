package io.github.kibanaobjects.operator.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;

/**
 * Schema of {@link KibanaPrivilege#getFeature()} ({@code @SchemaFrom}): a map of feature id to
 * privilege names, bounded at every level. The generator's annotations bound a map's values only
 * when they are strings or numbers, not lists and their items, so the schema is written here.
 */
@SchemaCustomizer(
    value = SchemaCustomizer.RawCustomizer.class,
    input =
        "{\"type\": \"object\", \"maxProperties\": "
            + Bounds.FEATURES
            + ", \"additionalProperties\": {\"type\": \"array\", \"maxItems\": "
            + Bounds.PRIVILEGES
            + ", \"items\": {\"type\": \"string\", \"maxLength\": "
            + Bounds.PRIVILEGE
            + "}}}")
final class FeaturePrivilegesSchema {
  private FeaturePrivilegesSchema() {}
}
