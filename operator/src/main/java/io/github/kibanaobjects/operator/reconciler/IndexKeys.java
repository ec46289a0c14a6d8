package io.github.kibanaobjects.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** The one spelling of informer index keys, so writers and readers of an index agree. */
public final class IndexKeys {
  private IndexKeys() {}

  public static String of(ResourceID id) {
    return id.getNamespace().orElse("") + "/" + id.getName();
  }
}
