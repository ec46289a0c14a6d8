package io.github.kibanaobjects.operator.api.v1alpha1;

/** JSON paths shared by the kinds' {@code kubectl get} columns. */
final class PrinterColumns {
  static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";
  static final String REASON = ".status.conditions[?(@.type==\"Ready\")].reason";
  static final String AGE = ".metadata.creationTimestamp";

  private PrinterColumns() {}
}
