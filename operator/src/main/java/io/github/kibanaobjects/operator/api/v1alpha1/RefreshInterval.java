package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * How often a dashboard with {@code timeRestore} refreshes its panels. Kibana's dashboard schema
 * requires both fields (src/platform/plugins/shared/dashboard/server/dashboard_saved_object/schema/
 * v1/v1.ts: {@code refreshInterval: {pause: boolean, value: number}}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RefreshInterval {
  /** One day: a longer interval is no refresh at all, in practice. */
  public static final int MAX_VALUE_MS = 86_400_000;

  @Default("true")
  @JsonPropertyDescription("true turns automatic refresh off. Default true.")
  private Boolean pause;

  @Required
  @Min(0)
  @Max(MAX_VALUE_MS)
  @JsonPropertyDescription("Refresh interval in milliseconds, e.g. 60000 for a minute.")
  private Integer value;

  public RefreshInterval() {}

  public RefreshInterval(Boolean pause, Integer value) {
    this.pause = pause;
    this.value = value;
  }

  public Boolean getPause() {
    return pause;
  }

  public void setPause(Boolean pause) {
    this.pause = pause;
  }

  public boolean pauseOrDefault() {
    return pause == null || pause;
  }

  public Integer getValue() {
    return value;
  }

  public void setValue(Integer value) {
    this.value = value;
  }
}
