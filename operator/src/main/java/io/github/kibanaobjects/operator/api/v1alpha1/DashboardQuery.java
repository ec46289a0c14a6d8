package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The query in a dashboard's search bar, applied to every panel that follows the dashboard. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DashboardQuery {
  /** The query languages of Kibana's search bar. */
  public enum Language {
    kuery,
    lucene
  }

  @Default("kuery")
  @JsonPropertyDescription("kuery (KQL, the default) or lucene.")
  private Language language;

  @Required
  @Size(max = 10000)
  @JsonPropertyDescription("The query text, e.g. Origin : \"USA\".")
  private String query;

  public DashboardQuery() {}

  public DashboardQuery(Language language, String query) {
    this.language = language;
    this.query = query;
  }

  public Language getLanguage() {
    return language;
  }

  public void setLanguage(Language language) {
    this.language = language;
  }

  public Language languageOrDefault() {
    return language == null ? Language.kuery : language;
  }

  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
  }
}
