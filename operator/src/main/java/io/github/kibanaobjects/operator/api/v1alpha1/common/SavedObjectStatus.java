package io.github.kibanaobjects.operator.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The status of a kind that owns one saved object: where it is in Kibana and its link. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class SavedObjectStatus extends SyncStatus {
  @JsonPropertyDescription("Saved object id in Kibana.")
  private String id;

  @JsonPropertyDescription("Kibana space the saved object is in.")
  private String space;

  @JsonPropertyDescription("Link that opens the saved object in Kibana.")
  private String url;

  @JsonPropertyDescription(
      "Copies Kibana made under another id (space/type/id) when this object's id was taken in"
          + " another space, and that could not be deleted at once: the operator deletes them at"
          + " the next reconcile, and before the resource itself goes.")
  private List<String> strayCopies;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getSpace() {
    return space;
  }

  public void setSpace(String space) {
    this.space = space;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public List<String> getStrayCopies() {
    return strayCopies;
  }

  public void setStrayCopies(List<String> strayCopies) {
    this.strayCopies = strayCopies == null || strayCopies.isEmpty() ? null : strayCopies;
  }
}
