package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret holding a Kibana (Elasticsearch) user name and password. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BasicAuthSecretRef {
  public static final String DEFAULT_USERNAME_KEY = "username";
  public static final String DEFAULT_PASSWORD_KEY = "password";

  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @Size(max = Bounds.K8S_NAME)
  @JsonPropertyDescription("Name of the Secret, in the same namespace as the KibanaConnection.")
  private String name;

  @Default(DEFAULT_USERNAME_KEY)
  @Pattern(Patterns.DATA_KEY)
  @Size(max = Bounds.DATA_KEY)
  @JsonPropertyDescription("Key of the user name inside the Secret.")
  private String usernameKey;

  @Default(DEFAULT_PASSWORD_KEY)
  @Pattern(Patterns.DATA_KEY)
  @Size(max = Bounds.DATA_KEY)
  @JsonPropertyDescription("Key of the password inside the Secret.")
  private String passwordKey;

  public BasicAuthSecretRef() {}

  public BasicAuthSecretRef(String name, String usernameKey, String passwordKey) {
    this.name = name;
    this.usernameKey = usernameKey;
    this.passwordKey = passwordKey;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUsernameKey() {
    return usernameKey;
  }

  public void setUsernameKey(String usernameKey) {
    this.usernameKey = usernameKey;
  }

  public String getPasswordKey() {
    return passwordKey;
  }

  public void setPasswordKey(String passwordKey) {
    this.passwordKey = passwordKey;
  }

  /** The user name key, defaulted (the schema default does not apply to objects built in code). */
  public String usernameKeyOrDefault() {
    return usernameKey == null || usernameKey.isEmpty() ? DEFAULT_USERNAME_KEY : usernameKey;
  }

  public String passwordKeyOrDefault() {
    return passwordKey == null || passwordKey.isEmpty() ? DEFAULT_PASSWORD_KEY : passwordKey;
  }
}
