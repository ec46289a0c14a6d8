package io.github.kibanaobjects.operator.reconciler.connection;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.kibana.KibanaClient;

/** A connection that may be used, with a client holding its current credentials. */
public record ResolvedConnection(KibanaConnection connection, KibanaClient client) {
  /** Kibana's base URL as the user wrote it, for links in status. */
  public String url() {
    return connection.getSpec().getUrl();
  }
}
