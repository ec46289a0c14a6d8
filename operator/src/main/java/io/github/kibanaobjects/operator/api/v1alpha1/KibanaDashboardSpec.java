package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.KibanaObjectSpec;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;
import java.util.List;

/**
 * A dashboard: its title, time settings, query and filters, and its panels. Every list and string
 * is bounded, so the CEL rules below fit a real API server's cost budget.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.panels) || self.panels.all(p, !has(p.name)"
            + " || self.panels.exists_one(q, has(q.name) && q.name == p.name))",
    message = "panel names must be unique")
@ValidationRule(
    value = "!self.timeRestore || (has(self.timeFrom) && has(self.timeTo))",
    message = "timeRestore: true needs timeFrom and timeTo")
@ValidationRule(
    value =
        "self.timeRestore || !(has(self.timeFrom) || has(self.timeTo) || has(self.refreshInterval))",
    message =
        "timeFrom, timeTo and refreshInterval are stored with the dashboard only with timeRestore:"
            + " true")
@ValidationRule(
    value = "has(self.id) == has(oldSelf.id) && (!has(self.id) || self.id == oldSelf.id)",
    message = "id is immutable: delete and recreate the resource to move the dashboard to a new id")
public class KibanaDashboardSpec extends KibanaObjectSpec {
  public static final String DEFAULT_SPACE = "default";
  public static final int MAX_PANELS = 100;
  public static final int MAX_FILTERS = 100;

  @Pattern(Patterns.SPACE_ID)
  @Size(max = 1024)
  @Default(DEFAULT_SPACE)
  @JsonPropertyDescription(
      "Kibana space id to put the dashboard in; its visualizations must be in the same space."
          + " Immutable.")
  private String space;

  @Pattern(Patterns.SAVED_OBJECT_ID)
  @ValidationRule(value = Patterns.ADDRESSABLE_ID_RULE, message = Patterns.ADDRESSABLE_ID_MESSAGE)
  @Size(min = 1, max = 250)
  @JsonPropertyDescription(
      "Saved object id of the dashboard in Kibana. Default: metadata.name. Immutable.")
  private String id;

  @Required
  @Size(min = 1, max = 1024)
  @JsonPropertyDescription("Title shown in Kibana.")
  private String title;

  @Size(max = 10000)
  @JsonPropertyDescription("Description shown in Kibana.")
  private String description;

  @Default("false")
  @JsonPropertyDescription(
      "Store a time range (timeFrom, timeTo) and refresh interval with the dashboard, applied"
          + " whenever it is opened. Default false: the dashboard keeps the viewer's time range.")
  private Boolean timeRestore;

  @Size(min = 1, max = 256)
  @JsonPropertyDescription(
      "Start of the stored time range, in Kibana's date-math or ISO 8601, e.g. now-7d or"
          + " 2026-01-01T00:00:00Z. Only with timeRestore: true.")
  private String timeFrom;

  @Size(min = 1, max = 256)
  @JsonPropertyDescription("End of the stored time range, e.g. now. Only with timeRestore: true.")
  private String timeTo;

  @JsonPropertyDescription(
      "Stored refresh interval, e.g. {pause: false, value: 60000}. Only with timeRestore: true.")
  private RefreshInterval refreshInterval;

  @JsonPropertyDescription("Query in the dashboard's search bar.")
  private DashboardQuery query;

  @Size(max = MAX_FILTERS)
  // Items stay untyped with preserve-unknown-fields: a filter is any JSON object Kibana accepts.
  @JsonPropertyDescription(
      "Filters (pills) of the dashboard, as Kibana stores them: each {meta: {...}, query: {...}},"
          + " e.g. copied from a dashboard's Inspect > Saved object view.")
  private List<JsonNode> filters;

  @Size(max = MAX_PANELS)
  @JsonPropertyDescription(
      "The panels, each a KibanaVisualization of this namespace or a saved object, with its"
          + " place on the 48-column grid.")
  private List<DashboardPanel> panels;

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

  public Boolean getTimeRestore() {
    return timeRestore;
  }

  public void setTimeRestore(Boolean timeRestore) {
    this.timeRestore = timeRestore;
  }

  public boolean timeRestoreOrDefault() {
    return Boolean.TRUE.equals(timeRestore);
  }

  public String getTimeFrom() {
    return timeFrom;
  }

  public void setTimeFrom(String timeFrom) {
    this.timeFrom = timeFrom;
  }

  public String getTimeTo() {
    return timeTo;
  }

  public void setTimeTo(String timeTo) {
    this.timeTo = timeTo;
  }

  public RefreshInterval getRefreshInterval() {
    return refreshInterval;
  }

  public void setRefreshInterval(RefreshInterval refreshInterval) {
    this.refreshInterval = refreshInterval;
  }

  public DashboardQuery getQuery() {
    return query;
  }

  public void setQuery(DashboardQuery query) {
    this.query = query;
  }

  public List<JsonNode> getFilters() {
    return filters;
  }

  public void setFilters(List<JsonNode> filters) {
    this.filters = filters;
  }

  public List<DashboardPanel> getPanels() {
    return panels;
  }

  public void setPanels(List<DashboardPanel> panels) {
    this.panels = panels;
  }

  /** The panels, never null. */
  public List<DashboardPanel> panelsOrEmpty() {
    return panels == null ? List.of() : panels;
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
