package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;

/** A Vega or Vega-Lite chart kept as a Kibana visualization saved object. */
@Group(KibanaConnection.GROUP)
@Version(KibanaConnection.VERSION)
@ShortNames("kvis")
@AdditionalPrinterColumn(name = "Ready", jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Reason", jsonPath = PrinterColumns.REASON)
@AdditionalPrinterColumn(name = "ID", jsonPath = ".status.id")
@AdditionalPrinterColumn(name = "Space", jsonPath = ".status.space")
@AdditionalPrinterColumn(name = "Title", jsonPath = ".spec.title", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class KibanaVisualization
    extends CustomResource<KibanaVisualizationSpec, KibanaVisualizationStatus>
    implements Namespaced {
  /** A resource without a spec reads as one that says so (see {@link ResourceSpec#missing}). */
  @Override
  protected KibanaVisualizationSpec initSpec() {
    return ResourceSpec.missing(new KibanaVisualizationSpec());
  }

  /** Overridden only to describe spec in the CRD (kubectl explain). */
  @Override
  @JsonPropertyDescription(
      "The Vega or Vega-Lite chart to publish as a Kibana visualization, and where.")
  public KibanaVisualizationSpec getSpec() {
    return super.getSpec();
  }
}
