package io.github.kibanaobjects.operator.reconciler.connection;

import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.kibana.KibanaClient;

/** A connection that may be used, with a client holding its current credentials. */
public record ResolvedConnection(KibanaConnection connection, KibanaClient client) {
  /**
   * Kibana's base URL as the client uses it (checked: no user info, no space), for links in status;
   * never the spec's text as written.
   */
  public String url() {
    return client.endpoint().url();
  }
}
