package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;

/**
 * A Kibana dashboard saved object whose panels are KibanaVisualizations of the same namespace (or
 * any saved object by type and id), laid out on Kibana's 48-column grid.
 */
@Group(KibanaConnection.GROUP)
@Version(KibanaConnection.VERSION)
@ShortNames("kdash")
@AdditionalPrinterColumn(name = "Ready", jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Reason", jsonPath = PrinterColumns.REASON)
@AdditionalPrinterColumn(name = "ID", jsonPath = ".status.id")
@AdditionalPrinterColumn(name = "Space", jsonPath = ".status.space")
@AdditionalPrinterColumn(name = "Title", jsonPath = ".spec.title", priority = 1)
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class KibanaDashboard extends CustomResource<KibanaDashboardSpec, KibanaDashboardStatus>
    implements Namespaced {
  /** A resource without a spec reads as one that says so (see {@link ResourceSpec#missing}). */
  @Override
  protected KibanaDashboardSpec initSpec() {
    return ResourceSpec.missing(new KibanaDashboardSpec());
  }

  /** Overridden only to describe spec in the CRD (kubectl explain). */
  @Override
  @JsonPropertyDescription(
      "The Kibana dashboard: its title, time settings and panels on a 48-column grid.")
  public KibanaDashboardSpec getSpec() {
    return super.getSpec();
  }
}
