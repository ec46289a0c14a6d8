package io.github.kibanaobjects.operator.api.v1alpha1.common;

/** What happens to the Kibana object when its resource is deleted. */
public enum DeletionPolicy {
  /** Remove the Kibana object (a missing object counts as removed). */
  Delete,
  /** Leave the Kibana object as it is. */
  Orphan
}
