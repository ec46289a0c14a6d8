package io.github.kibanaobjects.operator.api.v1alpha1.common;

/**
 * Schema stand-in for free-form JSON objects ({@code @SchemaFrom(type = AnyObject.class)} next to
 * {@code @PreserveUnknownFields}). A bare {@code JsonNode} field gets a schema without {@code
 * type}; CEL then cannot see the field at all, so a rule such as {@code has(self.vegaLite)} would
 * fail to compile when the CRD is installed. With this the field is {@code type: object} and keeps
 * any content.
 */
public final class AnyObject {
  private AnyObject() {}
}
