package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.github.kibanaobjects.operator.api.v1alpha1.common.Patterns;

/**
 * One panel of a dashboard: what it shows (a KibanaVisualization of the same namespace, or any
 * saved object by type and id) and where, on Kibana's grid of 48 columns (Kibana's {@code
 * DASHBOARD_GRID_COLUMN_COUNT}, src/platform/plugins/shared/dashboard/common/content_management/
 * constants.ts).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.visualization) != has(self.savedObject)",
    message = "set exactly one of visualization and savedObject")
@ValidationRule(
    value = "self.x + self.w <= 48",
    message = "a panel must fit the dashboard's 48 columns: x + w <= 48")
public class DashboardPanel {
  /** Kibana's default panel size: half the grid wide, 15 rows high (same constants file). */
  public static final int GRID_COLUMNS = 48;

  /**
   * A panel name: it becomes Kibana's panelIndex and the prefix of the reference name {@code
   * <panelIndex>:panel_<panelIndex>}, which Kibana splits at the first ':' (getPanelIdFromReference
   * in src/platform/plugins/shared/dashboard/common/reference_utils.ts), so no ':' here.
   */
  public static final String NAME_PATTERN = "^[a-zA-Z0-9_-]{1,64}$";

  public static final int DEFAULT_WIDTH = 24;
  public static final int DEFAULT_HEIGHT = 15;
  public static final int MAX_Y = 10000;
  public static final int MAX_HEIGHT = 1000;

  @Pattern(NAME_PATTERN)
  @Size(min = 1, max = 64)
  @JsonPropertyDescription(
      "A stable name for the panel, unique in the dashboard (letters, digits, _ and -). It becomes"
          + " Kibana's panelIndex, so renaming it replaces the panel. Default: the panel's position"
          + " in the list, 1-based.")
  private String name;

  @Pattern(Patterns.DNS_SUBDOMAIN)
  @Size(min = 1, max = 253)
  @JsonPropertyDescription(
      "Name of a KibanaVisualization in this namespace to show. The dashboard waits until it is"
          + " Ready (in the dashboard's space). One of visualization and savedObject.")
  private String visualization;

  @JsonPropertyDescription(
      "Any saved object to show, by type and id, e.g. {type: lens, id: 1b2c...}. It must be in the"
          + " dashboard's space; the operator does not check that it exists. One of"
          + " visualization and savedObject.")
  private SavedObjectPanelRef savedObject;

  @Required
  @Min(0)
  @Max(GRID_COLUMNS - 1)
  @JsonPropertyDescription("Left column, 0 to 47.")
  private Integer x;

  @Required
  @Min(0)
  @Max(MAX_Y)
  @JsonPropertyDescription("Top row, 0 or more.")
  private Integer y;

  @Min(1)
  @Max(GRID_COLUMNS)
  @Default("24")
  @JsonPropertyDescription("Width in columns, 1 to 48; x + w must not exceed 48. Default 24.")
  private Integer w;

  @Min(1)
  @Max(MAX_HEIGHT)
  @Default("15")
  @JsonPropertyDescription("Height in rows (about 20 pixels each). Default 15.")
  private Integer h;

  @Size(max = 1024)
  @JsonPropertyDescription("Panel title shown instead of the object's own title.")
  private String title;

  public DashboardPanel() {}

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getVisualization() {
    return visualization;
  }

  public void setVisualization(String visualization) {
    this.visualization = visualization;
  }

  public SavedObjectPanelRef getSavedObject() {
    return savedObject;
  }

  public void setSavedObject(SavedObjectPanelRef savedObject) {
    this.savedObject = savedObject;
  }

  public Integer getX() {
    return x;
  }

  public void setX(Integer x) {
    this.x = x;
  }

  public Integer getY() {
    return y;
  }

  public void setY(Integer y) {
    this.y = y;
  }

  public Integer getW() {
    return w;
  }

  public void setW(Integer w) {
    this.w = w;
  }

  public Integer getH() {
    return h;
  }

  public void setH(Integer h) {
    this.h = h;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  // The schema defaults do not apply to objects built in code (or to a resource read before the
  // CRD had them), so the mapper reads these.

  public int xOrDefault() {
    return x == null ? 0 : x;
  }

  public int yOrDefault() {
    return y == null ? 0 : y;
  }

  public int wOrDefault() {
    return w == null ? DEFAULT_WIDTH : w;
  }

  public int hOrDefault() {
    return h == null ? DEFAULT_HEIGHT : h;
  }
}
