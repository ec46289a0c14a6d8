package io.github.kibanaobjects.operator.reconciler.space;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.github.kibanaobjects.operator.api.v1alpha1.KibanaSpace;
import io.github.kibanaobjects.operator.kibana.KibanaClient;
import io.github.kibanaobjects.operator.kibana.SpacesApi;
import io.github.kibanaobjects.operator.reconciler.InformerStores;
import io.github.kibanaobjects.operator.reconciler.ManagedFieldsFreeStore;
import io.github.kibanaobjects.operator.status.Conditions;
import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Spaces a resource puts objects in must exist. Kibana does not check: the spaces interceptor
 * verifies the space only for application pages ({@code /app}, redirected to the space selector
 * when it does not exist); an API request under {@code /s/<unknown>/} goes on, and writes into a
 * space nobody can open ({@code
 * x-pack/platform/plugins/shared/spaces/server/lib/request_interceptors/on_post_auth_interceptor.ts}).
 * So the operator asks the spaces API first, and reports a missing space instead of Ready.
 *
 * <p>A change to a KibanaSpace (created, Ready at last) re-reconciles every resource naming its
 * space, found through an index, as connections are.
 */
public final class SpaceDependencies {
  private static final String INDEX = "by-space";

  private SpaceDependencies() {}

  /** The id of the space a KibanaSpace stands for. */
  public static String spaceId(KibanaSpace space) {
    var spec = space.getSpec();
    return spec == null ? space.getMetadata().getName() : spec.idOr(space.getMetadata().getName());
  }

  /**
   * Wires a kind to KibanaSpace resources.
   *
   * @param spacesOf the spaces a resource names (those that must exist in Kibana)
   */
  public static <P extends HasMetadata> InformerEventSource<KibanaSpace, P> forUsersOf(
      EventSourceContext<P> context, Function<P, Collection<String>> spacesOf) {
    context.getPrimaryCache().addIndexer(INDEX, resource -> List.copyOf(safe(spacesOf, resource)));
    var config =
        InformerEventSourceConfiguration.from(KibanaSpace.class, context.getPrimaryResourceClass())
            .withSecondaryToPrimaryMapper(
                space ->
                    context.getPrimaryCache().byIndex(INDEX, spaceId(space)).stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(SpaceDependencies::mattersToUsers)
            .withNamespacesInheritedFromController()
            .withItemStore(InformerStores.forSourceOf(context, ManagedFieldsFreeStore::new))
            .build();
    return new InformerEventSource<>(config, context);
  }

  /**
   * @throws OperatorException {@link Reason#DEPENDENCY_NOT_READY} when a space is missing in Kibana
   *     but a KibanaSpace resource for it exists, {@link Reason#SPACE_NOT_FOUND} when none does
   */
  public static <P extends HasMetadata> void requireExisting(
      KibanaClient client, Collection<String> spaces, Context<P> context) {
    for (var space : new TreeSet<>(spaces)) {
      if (SpacesApi.DEFAULT_SPACE.equals(space) || existsOrCannotTell(client, space)) {
        continue;
      }
      var managed = managedSpace(context, space);
      if (managed.isPresent()) {
        var resource = managed.get();
        var why =
            Conditions.find(
                    resource.getStatus() == null ? List.of() : resource.getStatus().getConditions(),
                    Conditions.READY)
                .map(c -> c.getReason() + ": " + c.getMessage())
                .orElse("not reconciled yet");
        throw new OperatorException(
            Reason.DEPENDENCY_NOT_READY,
            "space \"%s\" does not exist in Kibana yet; KibanaSpace %s/%s will create it (%s)"
                .formatted(
                    space,
                    resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName(),
                    why));
      }
      throw new OperatorException(
          Reason.SPACE_NOT_FOUND,
          "space \"%s\" does not exist in Kibana; create it (a KibanaSpace resource can) or name"
                  .formatted(space)
              + " an existing space");
    }
  }

  /**
   * Credentials without any privilege in a space may not read it (Kibana answers 403 before it
   * looks the space up), so they cannot tell: the write then fails as Forbidden, naming the
   * privilege it needs, which is the more useful message.
   */
  private static boolean existsOrCannotTell(KibanaClient client, String space) {
    try {
      return client.spaces().exists(space);
    } catch (OperatorException e) {
      if (e.reason() == Reason.FORBIDDEN) {
        return true;
      }
      throw e;
    }
  }

  /** The KibanaSpace resource for a space, from the informer cache wired by {@link #forUsersOf}. */
  @SuppressWarnings("unchecked")
  private static <P extends HasMetadata> Optional<KibanaSpace> managedSpace(
      Context<P> context, String space) {
    var source =
        (InformerEventSource<KibanaSpace, P>)
            context.eventSourceRetriever().getEventSourceFor(KibanaSpace.class);
    return source.list(s -> space.equals(spaceId(s))).findFirst();
  }

  /** A resync that changed nothing users depend on wakes none of them. */
  static boolean mattersToUsers(KibanaSpace updated, KibanaSpace old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || Conditions.isReady(updated.getStatus()) != Conditions.isReady(old.getStatus());
  }

  private static <P> Collection<String> safe(Function<P, Collection<String>> spacesOf, P resource) {
    try {
      return spacesOf.apply(resource);
    } catch (RuntimeException e) {
      // A spec the operator could not read names no space; its reconcile reports why.
      return List.of();
    }
  }
}
