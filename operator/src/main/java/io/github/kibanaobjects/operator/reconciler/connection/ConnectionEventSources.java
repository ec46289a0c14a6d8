package io.github.kibanaobjects.operator.reconciler.connection;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaConnection;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ConnectionRef;
import io.github.kibanaobjects.operator.reconciler.IndexKeys;
import io.github.kibanaobjects.operator.reconciler.InformerStores;
import io.github.kibanaobjects.operator.reconciler.ManagedFieldsFreeStore;
import io.github.kibanaobjects.operator.status.Conditions;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Wires a kind that uses connections to them: the resource reads its connection from this
 * informer's cache, and a change to a connection (spec, readiness, rotated credentials)
 * re-reconciles every resource that refers to it, found through an index, not a scan.
 */
public final class ConnectionEventSources {
  private static final String INDEX = "by-connection";

  private ConnectionEventSources() {}

  public static <P extends HasMetadata> InformerEventSource<KibanaConnection, P> forUsersOf(
      EventSourceContext<P> context, Function<P, ConnectionRef> refOf) {
    context
        .getPrimaryCache()
        .addIndexer(INDEX, resource -> List.of(IndexKeys.of(connectionId(resource, refOf))));
    var config =
        InformerEventSourceConfiguration.from(
                KibanaConnection.class, context.getPrimaryResourceClass())
            .withPrimaryToSecondaryMapper(
                (PrimaryToSecondaryMapper<P>) resource -> Set.of(connectionId(resource, refOf)))
            .withSecondaryToPrimaryMapper(
                connection ->
                    context
                        .getPrimaryCache()
                        .byIndex(INDEX, IndexKeys.of(ResourceID.fromResource(connection)))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(ConnectionEventSources::mattersToUsers)
            .withNamespacesInheritedFromController()
            .withItemStore(InformerStores.forSourceOf(context, ManagedFieldsFreeStore::new))
            .build();
    return new InformerEventSource<>(config, context);
  }

  /** A connection from the informer cache of a kind wired by {@link #forUsersOf}. */
  @SuppressWarnings("unchecked")
  public static <P extends HasMetadata> Optional<KibanaConnection> cached(
      Context<P> context, ResourceID connection) {
    var source =
        (InformerEventSource<KibanaConnection, P>)
            context.eventSourceRetriever().getEventSourceFor(KibanaConnection.class);
    return source.get(connection);
  }

  /** A periodic re-check that changed nothing users depend on wakes none of them. */
  static boolean mattersToUsers(KibanaConnection updated, KibanaConnection old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || Conditions.isReady(updated.getStatus()) != Conditions.isReady(old.getStatus())
        || !Objects.equals(revision(updated), revision(old));
  }

  private static String revision(KibanaConnection connection) {
    return connection.getStatus() == null ? null : connection.getStatus().getCredentialsRevision();
  }

  private static <P extends HasMetadata> ResourceID connectionId(
      P resource, Function<P, ConnectionRef> refOf) {
    var ref = refOf.apply(resource);
    var namespace = resource.getMetadata().getNamespace();
    if (ref == null || ref.getName() == null) {
      // Admission requires connectionRef; this only guards against a bypassed schema.
      return new ResourceID("", namespace);
    }
    return new ResourceID(ref.getName(), ref.namespaceOr(namespace));
  }
}
