package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;

/** A Kibana security role, written through Kibana's role API. */
@Group(KibanaConnection.GROUP)
@Version(KibanaConnection.VERSION)
@ShortNames("krole")
@AdditionalPrinterColumn(name = "Ready", jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Reason", jsonPath = PrinterColumns.REASON)
@AdditionalPrinterColumn(name = "Role", jsonPath = ".status.name")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class KibanaRole extends CustomResource<KibanaRoleSpec, KibanaRoleStatus>
    implements Namespaced {
  /** A resource without a spec reads as one that says so (see {@link ResourceSpec#missing}). */
  @Override
  protected KibanaRoleSpec initSpec() {
    return ResourceSpec.missing(new KibanaRoleSpec());
  }

  /** Overridden only to describe spec in the CRD (kubectl explain). */
  @Override
  @JsonPropertyDescription(
      "The Kibana role: Elasticsearch cluster and index privileges and Kibana feature privileges per space.")
  public KibanaRoleSpec getSpec() {
    return super.getSpec();
  }
}
