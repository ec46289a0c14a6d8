package io.github.kibanaobjects.operator.api.v1alpha1;

/**
 * JSON paths shared by the kinds' {@code kubectl get} columns. The CRD generator orders columns by
 * JSON path, so the Reason filter is single-quoted: it then sorts after Ready ({@code '} comes
 * after {@code "}) and {@code kubectl get} shows READY before REASON.
 */
final class PrinterColumns {
  static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";
  static final String REASON = ".status.conditions[?(@.type=='Ready')].reason";
  static final String AGE = ".metadata.creationTimestamp";

  private PrinterColumns() {}
}
