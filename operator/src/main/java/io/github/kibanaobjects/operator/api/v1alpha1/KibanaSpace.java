package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;

/** A Kibana space, written through Kibana's spaces API. Spaces are global in Kibana. */
@Group(KibanaConnection.GROUP)
@Version(KibanaConnection.VERSION)
@ShortNames("kspace")
@AdditionalPrinterColumn(name = "Ready", jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Reason", jsonPath = PrinterColumns.REASON)
@AdditionalPrinterColumn(name = "Space", jsonPath = ".status.id")
@AdditionalPrinterColumn(name = "Name", jsonPath = ".spec.name", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class KibanaSpace extends CustomResource<KibanaSpaceSpec, KibanaSpaceStatus>
    implements Namespaced {
  /** A resource without a spec reads as one that says so (see {@link ResourceSpec#missing}). */
  @Override
  protected KibanaSpaceSpec initSpec() {
    return ResourceSpec.missing(new KibanaSpaceSpec());
  }

  /** Overridden only to describe spec in the CRD (kubectl explain). */
  @Override
  @JsonPropertyDescription("The Kibana space: its id, name, avatar and hidden features.")
  public KibanaSpaceSpec getSpec() {
    return super.getSpec();
  }
}
