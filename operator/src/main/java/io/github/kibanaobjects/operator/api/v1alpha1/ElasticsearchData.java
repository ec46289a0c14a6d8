package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.github.kibanaobjects.operator.api.v1alpha1.common.AnyObject;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Bounds;

/** Binds a chart's data to documents of an Elasticsearch index instead of inline rows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ElasticsearchData {
  public static final int DEFAULT_SIZE = 10000;

  @Required
  @Size(max = Bounds.INDEX_PATTERN)
  @JsonPropertyDescription("Index, alias or index pattern to read, e.g. cars or logs-*.")
  private String index;

  @JsonPropertyDescription(
      "Date field that the dashboard's time picker filters on, e.g. @timestamp.")
  @Size(max = Bounds.FIELD_NAME)
  private String timeField;

  @PreserveUnknownFields
  @SchemaFrom(type = AnyObject.class)
  @JsonPropertyDescription(
      "Elasticsearch query object, e.g. {\"term\": {\"Origin\": \"USA\"}}. Without it the chart"
          + " follows the dashboard's query and filters; with it, only the time picker (if"
          + " timeField is set) still applies.")
  private JsonNode query;

  @Min(Bounds.MIN_SEARCH_SIZE)
  @Max(Bounds.MAX_SEARCH_SIZE)
  @Default("10000")
  @JsonPropertyDescription(
      "Most documents to fetch (search body size), 1 to 10000: Elasticsearch refuses more than"
          + " the index's max_result_window, 10000 by default.")
  private Integer size;

  public ElasticsearchData() {}

  public ElasticsearchData(String index, String timeField, JsonNode query, Integer size) {
    this.index = index;
    this.timeField = timeField;
    this.query = query;
    this.size = size;
  }

  public String getIndex() {
    return index;
  }

  public void setIndex(String index) {
    this.index = index;
  }

  public String getTimeField() {
    return timeField;
  }

  public void setTimeField(String timeField) {
    this.timeField = timeField;
  }

  public JsonNode getQuery() {
    return query;
  }

  public void setQuery(JsonNode query) {
    this.query = query;
  }

  public Integer getSize() {
    return size;
  }

  public void setSize(Integer size) {
    this.size = size;
  }

  public int sizeOrDefault() {
    return size == null ? DEFAULT_SIZE : size;
  }
}
