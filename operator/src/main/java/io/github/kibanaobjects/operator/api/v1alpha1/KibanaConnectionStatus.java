package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KibanaConnectionStatus extends ResourceStatus {
  @JsonPropertyDescription("Kibana's version (version.number of GET /api/status), e.g. 8.15.2.")
  private String kibanaVersion;

  @JsonPropertyDescription(
      "Kibana's build flavour (version.build_flavor of GET /api/status): traditional or"
          + " serverless. What the operator does differently for it is listed in"
          + " docs/compatibility.md.")
  private String kibanaFlavor;

  @JsonPropertyDescription(
      "When a check of the connection last changed its outcome (RFC 3339). A periodic check that"
          + " finds everything as before writes no status.")
  private String lastCheckTime;

  @JsonPropertyDescription(
      "Opaque revision of the Secrets the connection reads (not their content). It changes when a"
          + " Secret is rotated, which re-reconciles every resource that uses the connection.")
  private String credentialsRevision;

  @JsonPropertyDescription(
      "What works but is unsafe in the connection's settings (e.g. insecureSkipVerify: true),"
          + " also said in the Ready message; each raised a Warning event when it appeared.")
  private java.util.List<String> warnings;

  public java.util.List<String> getWarnings() {
    return warnings;
  }

  public void setWarnings(java.util.List<String> warnings) {
    this.warnings = warnings;
  }

  public String getCredentialsRevision() {
    return credentialsRevision;
  }

  public void setCredentialsRevision(String credentialsRevision) {
    this.credentialsRevision = credentialsRevision;
  }

  public String getKibanaVersion() {
    return kibanaVersion;
  }

  public void setKibanaVersion(String kibanaVersion) {
    this.kibanaVersion = kibanaVersion;
  }

  public String getKibanaFlavor() {
    return kibanaFlavor;
  }

  public void setKibanaFlavor(String kibanaFlavor) {
    this.kibanaFlavor = kibanaFlavor;
  }

  public String getLastCheckTime() {
    return lastCheckTime;
  }

  public void setLastCheckTime(String lastCheckTime) {
    this.lastCheckTime = lastCheckTime;
  }
}
