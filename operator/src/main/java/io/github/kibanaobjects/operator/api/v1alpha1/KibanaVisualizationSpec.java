package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.AnyObject;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;
import io.github.kibanaobjects.operator.api.v1alpha1.common.CompactJson;
import io.github.kibanaobjects.operator.api.v1alpha1.common.KibanaObjectSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.vegaLite), has(self.vega), has(self.spec), has(self.specFrom)]"
            + ".filter(x, x).size() == 1",
    message = "set exactly one of vegaLite, vega, spec and specFrom")
@ValidationRule(
    value = "has(self.id) == has(oldSelf.id) && (!has(self.id) || self.id == oldSelf.id)",
    message =
        "spec.id is immutable (it cannot be set, changed or removed after creation): create a new"
            + " resource to publish the chart under another id")
public class KibanaVisualizationSpec extends KibanaObjectSpec {
  public static final String DEFAULT_SPACE = "default";

  @Pattern(Patterns.SPACE_ID)
  @Size(max = Bounds.SPACE_ID)
  @Default(DEFAULT_SPACE)
  @JsonPropertyDescription(
      "Kibana space id to put the visualization in; the space must exist. May change: the"
          + " visualization is then written to the new space and deleted from the old one"
          + " (refused as InvalidSpec with deletionPolicy Orphan, since Kibana keeps an id in one"
          + " space only).")
  private String space;

  @Pattern(Patterns.SAVED_OBJECT_ID)
  @ValidationRule(value = Patterns.ADDRESSABLE_ID_RULE, message = Patterns.ADDRESSABLE_ID_MESSAGE)
  @Size(min = 1, max = Bounds.SAVED_OBJECT_ID)
  @JsonPropertyDescription(
      "Saved object id of the visualization in Kibana. Default: metadata.name. Immutable (set"
          + " or left out at creation, then fixed): to use another id, create a new resource.")
  private String id;

  @Required
  @Size(min = 1, max = Bounds.TITLE)
  @JsonPropertyDescription("Title shown in Kibana.")
  private String title;

  @Size(max = Bounds.DESCRIPTION)
  @JsonPropertyDescription("Description shown in Kibana.")
  private String description;

  @PreserveUnknownFields
  @SchemaFrom(type = AnyObject.class)
  @JsonPropertyDescription(
      "The chart as a Vega-Lite object, e.g. the output of Altair's chart.to_json(). Without"
          + " $schema it gets https://vega.github.io/schema/vega-lite/v5.json. One of vegaLite,"
          + " vega, spec and specFrom.")
  // as compact text (see CompactJson); read and written as JSON through the accessors
  private String vegaLite;

  @PreserveUnknownFields
  @SchemaFrom(type = AnyObject.class)
  @JsonPropertyDescription(
      "The chart as a Vega object. Without $schema it gets"
          + " https://vega.github.io/schema/vega/v5.json. One of vegaLite, vega, spec and"
          + " specFrom.")
  private String vega;

  @JsonPropertyDescription(
      "The chart as text, JSON or HJSON, exactly as Kibana's Vega editor takes it; it must have a"
          + " $schema. One of vegaLite, vega, spec and specFrom.")
  @Size(max = Bounds.CHART_TEXT)
  private String spec;

  @JsonPropertyDescription(
      "Read the chart from a ConfigMap key (JSON or HJSON with a $schema). One of vegaLite, vega,"
          + " spec and specFrom.")
  private SpecSource specFrom;

  @JsonPropertyDescription(
      "Replace the chart's data source with documents of an Elasticsearch index. The chart's"
          + " field names are read from each hit's _source.")
  private ElasticsearchData elasticsearchData;

  @Default("true")
  @JsonPropertyDescription(
      "Write the object as managed, which Kibana shows as read-only so edits go through Git.")
  private Boolean managed;

  public String getSpace() {
    return space;
  }

  public void setSpace(String space) {
    this.space = space;
  }

  public String spaceOrDefault() {
    return space == null || space.isEmpty() ? DEFAULT_SPACE : space;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  /** The saved object id: the explicit one, else the resource's name. */
  public String idOr(String resourceName) {
    return id == null || id.isEmpty() ? resourceName : id;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  /** A new tree at each call: changing it does not change the spec. */
  public JsonNode getVegaLite() {
    return CompactJson.tree(vegaLite);
  }

  public void setVegaLite(JsonNode vegaLite) {
    this.vegaLite = CompactJson.text(vegaLite);
  }

  /** Whether {@code vegaLite} is set, without parsing it. */
  @JsonIgnore
  public boolean hasVegaLite() {
    return vegaLite != null;
  }

  /** A new tree at each call: changing it does not change the spec. */
  public JsonNode getVega() {
    return CompactJson.tree(vega);
  }

  public void setVega(JsonNode vega) {
    this.vega = CompactJson.text(vega);
  }

  /** Whether {@code vega} is set, without parsing it. */
  @JsonIgnore
  public boolean hasVega() {
    return vega != null;
  }

  public String getSpec() {
    return spec;
  }

  public void setSpec(String spec) {
    this.spec = spec;
  }

  public SpecSource getSpecFrom() {
    return specFrom;
  }

  public void setSpecFrom(SpecSource specFrom) {
    this.specFrom = specFrom;
  }

  public ElasticsearchData getElasticsearchData() {
    return elasticsearchData;
  }

  public void setElasticsearchData(ElasticsearchData elasticsearchData) {
    this.elasticsearchData = elasticsearchData;
  }

  public Boolean getManaged() {
    return managed;
  }

  public void setManaged(Boolean managed) {
    this.managed = managed;
  }

  public boolean managedOrDefault() {
    return managed == null || managed;
  }
}
