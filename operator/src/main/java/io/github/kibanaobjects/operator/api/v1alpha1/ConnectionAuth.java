package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.BasicAuthSecretRef;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SecretKeyRef;

/** How the operator authenticates to Kibana: exactly one of an API key or a user. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.apiKeySecretRef) != has(self.basicAuthSecretRef)",
    message = "set exactly one of apiKeySecretRef and basicAuthSecretRef")
public class ConnectionAuth {
  public static final String DEFAULT_API_KEY_KEY = "apiKey";

  @JsonPropertyDescription(
      "Secret key holding an Elasticsearch API key in its encoded form (base64 of id:api_key),"
          + " sent as 'Authorization: ApiKey <value>'. key defaults to apiKey.")
  private SecretKeyRef apiKeySecretRef;

  @JsonPropertyDescription("Secret holding a user name and password, sent as HTTP basic auth.")
  private BasicAuthSecretRef basicAuthSecretRef;

  public SecretKeyRef getApiKeySecretRef() {
    return apiKeySecretRef;
  }

  public void setApiKeySecretRef(SecretKeyRef apiKeySecretRef) {
    this.apiKeySecretRef = apiKeySecretRef;
  }

  public BasicAuthSecretRef getBasicAuthSecretRef() {
    return basicAuthSecretRef;
  }

  public void setBasicAuthSecretRef(BasicAuthSecretRef basicAuthSecretRef) {
    this.basicAuthSecretRef = basicAuthSecretRef;
  }
}
