package io.github.kibanaobjects.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** The one spelling of informer index keys, so writers and readers of an index agree. */
public final class IndexKeys {
  private IndexKeys() {}

  public static String of(ResourceID id) {
    return id.getNamespace().orElse("") + "/" + id.getName();
  }

  /** A Kibana object as reached through a connection: what one resource at most may manage. */
  public static String ofObject(ResourceID connection, KibanaObjectRef object) {
    return of(connection)
        + "|"
        + object.type()
        + "|"
        + (object.space() == null ? "" : object.space())
        + "|"
        + object.id();
  }
}
