package io.github.kibanaobjects.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.kibanaobjects.operator.OperatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every manifest in {@code deploy/} parses, and the install is what the README promises. */
class DeployManifestsTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @Test
  void everyManifestParsesAndTheKustomizationListsThemAll() throws IOException {
    var kinds = manifests().stream().map(HasMetadata::getKind).sorted().toList();

    assertThat(kinds)
        .containsExactly(
            "ClusterRole",
            "ClusterRoleBinding",
            "Deployment",
            "Namespace",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Role",
            "RoleBinding",
            "ServiceAccount");
    @SuppressWarnings("unchecked")
    var kustomization =
        (Map<String, Object>)
            YAML.unmarshal(Files.readString(DEPLOY.resolve("kustomization.yaml")), Map.class);
    @SuppressWarnings("unchecked")
    var listed = (List<String>) kustomization.get("resources");
    assertThat(listed)
        .containsAll(manifestFiles().stream().map(p -> p.getFileName().toString()).toList());
    assertThat(listed).contains("../crds");
    for (var entry : listed) {
      assertThat(DEPLOY.resolve(entry)).exists();
    }
  }

  @Test
  void bindingsGiveTheRolesToTheOperatorsServiceAccount() throws IOException {
    var account = only(ServiceAccount.class);
    var deployment = only(Deployment.class);
    var clusterBinding = only(ClusterRoleBinding.class);
    var leaseBinding = only(RoleBinding.class);

    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
    for (var subjects : List.of(clusterBinding.getSubjects(), leaseBinding.getSubjects())) {
      assertThat(subjects)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
                assertThat(s.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
              });
    }
    assertThat(clusterBinding.getRoleRef().getName()).isEqualTo("kibana-objects-operator");
    assertThat(leaseBinding.getMetadata().getNamespace())
        .as("the Lease's Role is where the pod runs")
        .isEqualTo(deployment.getMetadata().getNamespace());
  }

  @Test
  void theOperatorRunsLockedDown() throws IOException {
    var pod = only(Deployment.class).getSpec().getTemplate().getSpec();
    var container = operatorContainer();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var security = container.getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void probesAndSettingsMatchWhatTheOperatorReads() throws IOException {
    var deployment = only(Deployment.class);
    var container = operatorContainer();
    var env =
        container.getEnv().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    var config = OperatorConfig.fromEnvironment(env);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(config.leaderElection()).isTrue();
    assertThat(container.getEnv())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("POD_NAMESPACE"));
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    var healthPort =
        container.getPorts().stream()
            .filter(
                p ->
                    p.getName()
                        .equals(container.getLivenessProbe().getHttpGet().getPort().getStrVal()))
            .findFirst()
            .orElseThrow();
    assertThat(healthPort.getContainerPort()).isEqualTo(config.healthPort());
  }

  @Test
  void theStartupProbeOutlastsTheOperatorsWaitForItsInformers() throws IOException {
    var probe = operatorContainer().getStartupProbe();
    var budget =
        Duration.ofSeconds(
            (long) probe.getPeriodSeconds() * probe.getFailureThreshold()
                + (probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds()));

    // the JVM's start and the client's first requests come on top of the sync itself
    assertThat(budget).isGreaterThanOrEqualTo(OperatorConfig.CACHE_SYNC_TIMEOUT.plusSeconds(45));
  }

  @Test
  void theImageIsBuiltInStagesAndRunsAsANumericNonRootUser() throws IOException {
    var dockerfile = Files.readAllLines(DEPLOY.resolve("Dockerfile"));
    var stages = dockerfile.stream().filter(l -> l.startsWith("FROM ")).toList();

    assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
    assertThat(stages.get(stages.size() - 1)).contains("jre");
    assertThat(dockerfile).anyMatch(l -> l.matches("USER [0-9]+(:[0-9]+)?"));
    assertThat(dockerfile).anyMatch(l -> l.contains("kibana-objects-operator.jar"));
    assertThat(stages)
        .as("every base image pinned by digest")
        .allMatch(l -> l.matches("FROM [^ ]+:[^ ]+@sha256:[0-9a-f]{64}( AS \\w+)?"));
  }

  @Test
  void aDrainLeavesOneReplicaAndOnlyTheApiServerKibanaAndDnsAreReachable() throws IOException {
    var deployment = only(Deployment.class);
    var labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    var pdb = only(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1)
        .isLessThan(deployment.getSpec().getReplicas());
    assertThat(labels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

    var policy = only(NetworkPolicy.class);
    assertThat(policy.getMetadata().getNamespace())
        .isEqualTo(deployment.getMetadata().getNamespace());
    assertThat(labels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    var egressPorts =
        policy.getSpec().getEgress().stream()
            .flatMap(rule -> rule.getPorts().stream())
            .map(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
            .toList();
    assertThat(egressPorts)
        .containsExactlyInAnyOrder(
            "UDP/53", "TCP/53", "TCP/443", "TCP/6443", "TCP/5601", "TCP/9243");
    var ingressPorts =
        policy.getSpec().getIngress().stream()
            .flatMap(rule -> rule.getPorts().stream())
            .map(p -> p.getPort().getIntVal())
            .toList();
    assertThat(ingressPorts)
        .containsExactly(operatorContainer().getPorts().get(0).getContainerPort());
  }

  private static Container operatorContainer() throws IOException {
    return only(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static <T extends HasMetadata> T only(Class<T> type) throws IOException {
    var matches = manifests().stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matches).as(type.getSimpleName()).hasSize(1);
    return matches.get(0);
  }

  private static List<HasMetadata> manifests() throws IOException {
    var all = new ArrayList<HasMetadata>();
    for (var file : manifestFiles()) {
      var parsed = YAML.unmarshal(Files.readString(file));
      if (parsed instanceof List<?> list) {
        list.forEach(item -> all.add((HasMetadata) item));
      } else {
        all.add((HasMetadata) parsed);
      }
    }
    return all;
  }

  private static List<Path> manifestFiles() throws IOException {
    try (var files = Files.list(DEPLOY)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
    }
  }
}
