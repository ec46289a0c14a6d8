package io.github.kibanaobjects.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.kibanaobjects.operator.api.v1alpha1.common.SavedObjectStatus;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KibanaVisualizationStatus extends SavedObjectStatus {}
