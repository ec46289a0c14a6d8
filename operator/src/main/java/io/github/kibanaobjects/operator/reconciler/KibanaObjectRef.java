package io.github.kibanaobjects.operator.reconciler;

/**
 * Which Kibana object a resource owns: enough to read, delete and describe it, and to tell whether
 * the spec still names the object the status says was written.
 *
 * @param type the object's type: a saved object type ({@code visualization}), {@code role} or
 *     {@code space}
 * @param id its id or name
 * @param space the space it lives in, or null for objects that are global in Kibana
 */
public record KibanaObjectRef(String type, String id, String space) {
  /** An object that is global in Kibana (a role, a space). */
  public static KibanaObjectRef global(String type, String id) {
    return new KibanaObjectRef(type, id, null);
  }

  /** For messages: {@code visualization "cars" in space "default"}, {@code role "publisher"}. */
  public String describe() {
    var what = "%s \"%s\"".formatted(type, id);
    return space == null ? what : what + " in space \"%s\"".formatted(space);
  }
}
