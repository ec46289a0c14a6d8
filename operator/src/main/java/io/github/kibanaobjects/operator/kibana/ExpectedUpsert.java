package io.github.kibanaobjects.operator.kibana;

/**
 * A write a reconcile is preparing for a space (see {@link SavedObjectsApi#expectUpsert}); closed
 * when the reconcile ends, whether it wrote or not.
 */
@FunctionalInterface
public interface ExpectedUpsert extends AutoCloseable {
  /** Nothing announced. */
  ExpectedUpsert NONE = () -> {};

  @Override
  void close();
}
