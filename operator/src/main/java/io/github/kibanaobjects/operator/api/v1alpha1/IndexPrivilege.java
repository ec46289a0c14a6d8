package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import java.util.List;

/** Privileges on a set of Elasticsearch indices. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IndexPrivilege {
  @Required
  @Size(min = 1, max = Bounds.ROLE_LIST)
  @JsonPropertyDescription("Index names or patterns, e.g. cars or logs-*.")
  private List<@Size(max = Bounds.INDEX_PATTERN) String> names;

  @Required
  @Size(min = 1, max = Bounds.PRIVILEGES)
  @JsonPropertyDescription("Index privileges, e.g. read, view_index_metadata, write.")
  private List<@Size(max = Bounds.PRIVILEGE) String> privileges;

  @JsonPropertyDescription("Field level security: which fields the role may read.")
  private FieldSecurity fieldSecurity;

  @JsonPropertyDescription(
      "Document level security: a query, as a JSON string, that documents must match, e.g."
          + " '{\"term\": {\"public\": true}}'.")
  @Size(max = Bounds.DLS_QUERY)
  private String query;

  @JsonPropertyDescription(
      "Whether the names may match restricted indices such as .security. Default false.")
  private Boolean allowRestrictedIndices;

  public IndexPrivilege() {}

  public IndexPrivilege(List<String> names, List<String> privileges) {
    this.names = names;
    this.privileges = privileges;
  }

  public List<String> getNames() {
    return names;
  }

  public void setNames(List<String> names) {
    this.names = names;
  }

  public List<String> getPrivileges() {
    return privileges;
  }

  public void setPrivileges(List<String> privileges) {
    this.privileges = privileges;
  }

  public FieldSecurity getFieldSecurity() {
    return fieldSecurity;
  }

  public void setFieldSecurity(FieldSecurity fieldSecurity) {
    this.fieldSecurity = fieldSecurity;
  }

  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
  }

  public Boolean getAllowRestrictedIndices() {
    return allowRestrictedIndices;
  }

  public void setAllowRestrictedIndices(Boolean allowRestrictedIndices) {
    this.allowRestrictedIndices = allowRestrictedIndices;
  }
}
