package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SecretKeyRef;

/** TLS settings for an https Kibana URL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.caSecretRef) && has(self.insecureSkipVerify) && self.insecureSkipVerify)",
    message = "caSecretRef and insecureSkipVerify=true cannot be used together")
public class ConnectionTls {
  public static final String DEFAULT_CA_KEY = "ca.crt";

  @JsonPropertyDescription(
      "Secret key holding the PEM CA certificate(s) that signed Kibana's certificate, trusted in"
          + " addition to the system CAs. key defaults to ca.crt.")
  private SecretKeyRef caSecretRef;

  @Default("false")
  @JsonPropertyDescription(
      "Skip verification of Kibana's certificate. For tests only: it lets anyone in the middle"
          + " read the credentials.")
  private Boolean insecureSkipVerify;

  public SecretKeyRef getCaSecretRef() {
    return caSecretRef;
  }

  public void setCaSecretRef(SecretKeyRef caSecretRef) {
    this.caSecretRef = caSecretRef;
  }

  public Boolean getInsecureSkipVerify() {
    return insecureSkipVerify;
  }

  public void setInsecureSkipVerify(Boolean insecureSkipVerify) {
    this.insecureSkipVerify = insecureSkipVerify;
  }

  public boolean insecureSkipVerifyOrDefault() {
    return Boolean.TRUE.equals(insecureSkipVerify);
  }
}
