package io.github.kibanaobjects.operator.reconciler.connection;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.kibanaobjects.operator.Durations;
import io.github.kibanaobjects.operator.OperatorConfig;
import io.github.kibanaobjects.operator.api.v1alpha1.ConnectionAuth;
import io.github.kibanaobjects.operator.api.v1alpha1.ConnectionTls;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnectionSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SyncStatus;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.kibana.KibanaClientFactory;
import io.github.kibanaobjects.operator.kibana.KibanaCredentials;
import io.github.kibanaobjects.operator.kibana.KibanaEndpoint;
import io.github.kibanaobjects.operator.reconciler.state.KibanaState;
import io.github.kibanaobjects.operator.reconciler.state.KibanaStates;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Turns a KibanaConnection and its Secrets into a Kibana client. Secrets are read only by name
 * ({@link ConnectionSecrets}), and the endpoint built from them is kept until their revision
 * changes: a rotated Secret is used once the connection's periodic named read has seen it, and no
 * value ever reaches a log, an event or a status (messages name Secrets and keys, never their
 * content).
 */
public final class ConnectionResolver {
  private final ConnectionSecrets secrets;
  private final KibanaClientFactory clients;
  private final KibanaStates states;

  public ConnectionResolver(KubernetesClient kubernetes, KibanaClientFactory clients) {
    this(kubernetes, clients, new KibanaStates());
  }

  public ConnectionResolver(
      KubernetesClient kubernetes, KibanaClientFactory clients, OperatorConfig.KibanaReads reads) {
    this(kubernetes, clients, new KibanaStates(reads));
  }

  public ConnectionResolver(
      KubernetesClient kubernetes, KibanaClientFactory clients, KibanaStates states) {
    this.secrets = new ConnectionSecrets(kubernetes);
    this.clients = clients;
    this.states = states;
  }

  /** What every connection's Kibana holds, polled per connection. */
  public KibanaStates states() {
    return states;
  }

  /**
   * What the connection's Kibana holds, polled every {@code spec.pollInterval} of the connection
   * (an unreadable one counts as the default: the connection's own check reports it).
   */
  public KibanaState stateOf(ResolvedConnection resolved) {
    var connection = resolved.connection();
    var meta = connection.getMetadata();
    return states.of(
        ResourceID.fromResource(connection),
        meta.getUid() + "/" + meta.getGeneration(),
        pollInterval(connection.getSpec()));
  }

  static java.time.Duration pollInterval(KibanaConnectionSpec spec) {
    var text =
        spec.getPollInterval() == null
            ? KibanaConnectionSpec.DEFAULT_POLL_INTERVAL
            : spec.getPollInterval();
    try {
      return Durations.parseWithin(
          "spec.pollInterval",
          text,
          OperatorConfig.MIN_POLL_INTERVAL,
          OperatorConfig.MAX_POLL_INTERVAL);
    } catch (IllegalArgumentException e) {
      return Durations.parse(KibanaConnectionSpec.DEFAULT_POLL_INTERVAL);
    }
  }

  /** Where this resolver reads Secrets. */
  public ConnectionSecrets secrets() {
    return secrets;
  }

  /**
   * The connection a resource refers to, checked: it exists, lets the resource's namespace use it,
   * and is Ready.
   *
   * @param cached the connection as the informer cache has it (empty when it does not exist)
   */
  public ResolvedConnection resolve(
      HasMetadata resource,
      ConnectionRef ref,
      Optional<KibanaConnection> cached,
      ConnectionPolicy.Use use) {
    var namespace = resource.getMetadata().getNamespace();
    var connection =
        cached.orElseThrow(
            () ->
                new OperatorException(
                    Reason.CONNECTION_NOT_FOUND,
                    "KibanaConnection %s/%s not found"
                        .formatted(ref.namespaceOr(namespace), ref.getName())));
    if (!connection.getSpec().problems().isEmpty()) {
      // Edited since its last check into something the operator cannot read: not used until fixed.
      throw new OperatorException(
          Reason.CONNECTION_NOT_READY,
          "KibanaConnection %s/%s is not ready (InvalidSpec: %s)"
              .formatted(
                  connection.getMetadata().getNamespace(),
                  connection.getMetadata().getName(),
                  String.join("; ", connection.getSpec().problems())));
    }
    ConnectionPolicy.require(connection, namespace, use);
    if (!Conditions.isReady(connection.getStatus())) {
      var why =
          connection.getStatus() == null
              ? "it has not been checked yet"
              : Conditions.find(connection.getStatus().getConditions(), Conditions.READY)
                  .map(c -> c.getReason() + ": " + c.getMessage())
                  .orElse("it has not been checked yet");
      throw new OperatorException(
          Reason.CONNECTION_NOT_READY,
          "KibanaConnection %s/%s is not ready (%s)"
              .formatted(
                  connection.getMetadata().getNamespace(),
                  connection.getMetadata().getName(),
                  why));
    }
    // The revision the connection's last check recorded: a rotation re-runs that check, whose
    // status change then re-reconciles this resource with the new revision.
    return new ResolvedConnection(
        connection, clientFor(connection, connection.getStatus().getCredentialsRevision()));
  }

  /**
   * The connection the resource's object was written through (recorded in its status), checked as
   * {@link #resolve}: deletion goes there even if the spec now names another connection.
   */
  public <P extends HasMetadata> ResolvedConnection resolveRecorded(
      P resource,
      SyncStatus status,
      ConnectionRef specRef,
      Context<P> context,
      ConnectionPolicy.Use use) {
    var namespace = resource.getMetadata().getNamespace();
    var id = ConnectionBinding.recordedOrSpec(status, specRef, namespace);
    return resolve(
        resource,
        new ConnectionRef(id.getName(), id.getNamespace().orElse(namespace)),
        ConnectionEventSources.cached(context, id),
        use);
  }

  /**
   * A client for the connection, with the credentials of its Secrets at {@code revision} (read now
   * unless already read at that revision; read and not kept when the revision is null).
   */
  public KibanaClient clientFor(KibanaConnection connection, String revision) {
    return clients.clientFor(secrets.endpoint(connection, revision, () -> endpointFor(connection)));
  }

  /**
   * The endpoint a connection describes. A connection that is being deleted (its namespace too,
   * perhaps, Secrets first) still lends the credentials last read to the resources that clean up
   * through it: its finalizer keeps it until they are done.
   */
  public KibanaEndpoint endpointFor(KibanaConnection connection) {
    var spec = connection.getSpec();
    var namespace = connection.getMetadata().getNamespace();
    var leaving = connection.getMetadata().getDeletionTimestamp() != null;
    var endpoint =
        new KibanaEndpoint(
            spec.getUrl(),
            credentials(namespace, spec.getAuth(), leaving),
            caPem(namespace, spec.getTls(), leaving),
            spec.getTls() != null && spec.getTls().insecureSkipVerifyOrDefault(),
            requestTimeout(spec),
            spec.getMaxConcurrentRequests() == null
                ? KibanaConnectionSpec.DEFAULT_MAX_CONCURRENT_REQUESTS
                : spec.getMaxConcurrentRequests(),
            spec.getMaxRequestsPerSecond() == null ? 0 : spec.getMaxRequestsPerSecond());
    return endpoint;
  }

  /**
   * An opaque revision of the Secrets the connection reads: their names and resourceVersions, not
   * their content, read now by named GETs. It changes when a Secret is rotated (or created after
   * being missing).
   */
  public String credentialsRevision(KibanaConnection connection) {
    var namespace = connection.getMetadata().getNamespace();
    return credentialsRevision(
        connection,
        name ->
            secrets
                .get(namespace, name)
                .map(s -> s.getMetadata().getResourceVersion())
                .orElse(null));
  }

  /**
   * As {@link #credentialsRevision(KibanaConnection)}, with each Secret's resourceVersion (null
   * when it does not exist) told by {@code versionOf}.
   */
  public static String credentialsRevision(
      KibanaConnection connection, java.util.function.Function<String, String> versionOf) {
    var revision = new StringBuilder();
    for (var name : new java.util.TreeSet<>(secretNames(connection))) {
      var version = Optional.ofNullable(versionOf.apply(name)).orElse("missing");
      revision.append(name).append('@').append(version).append(';');
    }
    return revision.toString();
  }

  /** The Secrets a revision of {@link #credentialsRevision} names (none for null). */
  public static List<String> secretNamesOf(String revision) {
    var names = new ArrayList<String>();
    if (revision == null) {
      return names;
    }
    for (var entry : revision.split(";")) {
      int at = entry.lastIndexOf('@');
      if (at > 0) {
        names.add(entry.substring(0, at));
      }
    }
    return names;
  }

  /** The names of the Secrets (in the connection's namespace) that the connection reads. */
  public static List<String> secretNames(KibanaConnection connection) {
    var names = new ArrayList<String>();
    var spec = connection.getSpec();
    if (spec == null) {
      return names;
    }
    var auth = spec.getAuth();
    if (auth != null && auth.getApiKeySecretRef() != null) {
      names.add(auth.getApiKeySecretRef().getName());
    }
    if (auth != null && auth.getBasicAuthSecretRef() != null) {
      names.add(auth.getBasicAuthSecretRef().getName());
    }
    if (spec.getTls() != null && spec.getTls().getCaSecretRef() != null) {
      names.add(spec.getTls().getCaSecretRef().getName());
    }
    return names;
  }

  private KibanaCredentials credentials(String namespace, ConnectionAuth auth, boolean leaving) {
    if (auth == null) {
      throw new OperatorException(
          Reason.INVALID_SPEC, "spec.auth must set apiKeySecretRef or basicAuthSecretRef");
    }
    var apiKey = auth.getApiKeySecretRef();
    var basic = auth.getBasicAuthSecretRef();
    if ((apiKey == null) == (basic == null)) {
      throw new OperatorException(
          Reason.INVALID_SPEC,
          "spec.auth must set exactly one of apiKeySecretRef and basicAuthSecretRef");
    }
    if (apiKey != null) {
      var key = apiKey.keyOr(ConnectionAuth.DEFAULT_API_KEY_KEY);
      return new KibanaCredentials.ApiKey(secretValue(namespace, apiKey.getName(), key, leaving));
    }
    return new KibanaCredentials.Basic(
        secretValue(namespace, basic.getName(), basic.usernameKeyOrDefault(), leaving),
        secretValue(namespace, basic.getName(), basic.passwordKeyOrDefault(), leaving));
  }

  private String caPem(String namespace, ConnectionTls tls, boolean leaving) {
    if (tls == null || tls.getCaSecretRef() == null) {
      return null;
    }
    var ref = tls.getCaSecretRef();
    return secretValue(namespace, ref.getName(), ref.keyOr(ConnectionTls.DEFAULT_CA_KEY), leaving);
  }

  private static java.time.Duration requestTimeout(KibanaConnectionSpec spec) {
    var text =
        spec.getRequestTimeout() == null
            ? KibanaConnectionSpec.DEFAULT_REQUEST_TIMEOUT
            : spec.getRequestTimeout();
    try {
      return Durations.parseWithin(
          "spec.requestTimeout",
          text,
          OperatorConfig.MIN_REQUEST_TIMEOUT,
          OperatorConfig.MAX_REQUEST_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new OperatorException(Reason.INVALID_SPEC, e.getMessage());
    }
  }

  private String secretValue(String namespace, String name, String key, boolean leaving) {
    var secret =
        (leaving ? secrets.getOrLastRead(namespace, name) : secrets.latest(namespace, name))
            .orElse(null);
    if (secret == null) {
      throw new OperatorException(
          Reason.SECRET_NOT_FOUND, "Secret %s/%s not found".formatted(namespace, name));
    }
    var encoded = secret.getData() == null ? null : secret.getData().get(key);
    String value;
    if (encoded != null) {
      value = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } else {
      // The API server folds stringData into data; a test double may not.
      value = secret.getStringData() == null ? null : secret.getStringData().get(key);
    }
    if (value == null || value.isBlank()) {
      throw new OperatorException(
          Reason.SECRET_KEY_MISSING,
          "Secret %s/%s has no key %s (or it is empty)".formatted(namespace, name, key));
    }
    // `echo key | base64` leaves a newline that no Kibana credential contains.
    return value.strip();
  }
}
