package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.AnyObject;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import io.github.kibanaobjects.operator.api.v1alpha1.common.KibanaObjectSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.name) == has(oldSelf.name) && (!has(self.name) || self.name == oldSelf.name)",
    message = "name is immutable: delete and recreate the resource to rename the role")
// Names Elasticsearch reserves (ReservedRolesStore) and URL dot segments: never written.
// The same list is RoleNames.RESERVED; RoleNamesTest keeps both equal.
@ValidationRule(
    value = KibanaRoleSpec.NAME_RULE,
    message =
        "name is a reserved role of Elasticsearch (or . or ..) and cannot be managed; pick another"
            + " name")
public class KibanaRoleSpec extends KibanaObjectSpec {
  public static final String NAME_RULE =
      "!has(self.name) || !(self.name in ['.', '..', 'superuser', 'transport_client',"
          + " 'kibana_admin', 'kibana_user', 'kibana_system', 'monitoring_user',"
          + " 'remote_monitoring_agent', 'remote_monitoring_collector', 'ingest_admin',"
          + " 'reporting_user', 'logstash_system', 'logstash_admin', 'beats_admin', 'beats_system',"
          + " 'apm_system', 'apm_user', 'machine_learning_user', 'machine_learning_admin',"
          + " 'data_frame_transforms_admin', 'data_frame_transforms_user', 'transform_admin',"
          + " 'transform_user', 'watcher_admin', 'watcher_user', 'rollup_user', 'rollup_admin',"
          + " 'snapshot_user', 'enrich_user', 'viewer', 'editor',"
          + " 'inference_admin', 'inference_user'])";

  @Pattern(Patterns.ROLE_NAME)
  @Size(min = 1, max = Bounds.ES_NAME)
  @JsonPropertyDescription(
      "Role name in Kibana and Elasticsearch (1 to 507 printable ASCII characters, no leading or"
          + " trailing space). Default: metadata.name. Immutable.")
  private String name;

  // Kibana's role PUT schema: description max 2048
  // (routes/authorization/roles/model/put_payload.ts)
  @Size(max = Bounds.DESCRIPTION)
  @JsonPropertyDescription("Description of the role (shown in Kibana 8.15 and later).")
  private String description;

  @JsonPropertyDescription("Elasticsearch cluster, index and run-as privileges.")
  private ElasticsearchPrivileges elasticsearch;

  @JsonPropertyDescription(
      "Kibana privileges, each entry for a set of spaces with either base or feature"
          + " privileges.")
  @Size(max = Bounds.KIBANA_ENTRIES)
  private List<KibanaPrivilege> kibana;

  @PreserveUnknownFields
  @SchemaFrom(type = AnyObject.class)
  @JsonPropertyDescription(
      "Free-form metadata stored with the role, e.g. {team: data-science}. Keys starting with _"
          + " are reserved by Elasticsearch.")
  private JsonNode metadata;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** The role name: the explicit one, else the resource's name. */
  public String nameOr(String resourceName) {
    return name == null || name.isEmpty() ? resourceName : name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public ElasticsearchPrivileges getElasticsearch() {
    return elasticsearch;
  }

  public void setElasticsearch(ElasticsearchPrivileges elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  public List<KibanaPrivilege> getKibana() {
    return kibana;
  }

  public void setKibana(List<KibanaPrivilege> kibana) {
    this.kibana = kibana;
  }

  public JsonNode getMetadata() {
    return metadata;
  }

  public void setMetadata(JsonNode metadata) {
    this.metadata = metadata;
  }
}
