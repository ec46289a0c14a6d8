package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.github.kibanaobjects.operator.api.v1alpha1.common.ResourceSpec;

/** Where a Kibana is and how to authenticate to it; other resources refer to it by name. */
@Group(KibanaConnection.GROUP)
@Version(KibanaConnection.VERSION)
@ShortNames("kconn")
@AdditionalPrinterColumn(name = "Ready", jsonPath = PrinterColumns.READY)
@AdditionalPrinterColumn(name = "Reason", jsonPath = PrinterColumns.REASON)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.kibanaVersion")
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.url", priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = PrinterColumns.AGE,
    type = AdditionalPrinterColumn.Type.DATE)
public class KibanaConnection extends CustomResource<KibanaConnectionSpec, KibanaConnectionStatus>
    implements Namespaced {
  public static final String GROUP = "kibanaobjects.github.io";
  public static final String VERSION = "v1alpha1";

  /** A resource without a spec reads as one that says so (see {@link ResourceSpec#missing}). */
  @Override
  protected KibanaConnectionSpec initSpec() {
    return ResourceSpec.missing(new KibanaConnectionSpec());
  }

  /** Overridden only to describe spec in the CRD (kubectl explain). */
  @Override
  @JsonPropertyDescription(
      "How to reach one Kibana: its URL, the Secret with its credentials, TLS, and which namespaces may use it.")
  public KibanaConnectionSpec getSpec() {
    return super.getSpec();
  }
}
