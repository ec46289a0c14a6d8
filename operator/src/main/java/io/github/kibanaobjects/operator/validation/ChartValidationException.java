package io.github.kibanaobjects.operator.validation;

import io.github.kibanaobjects.operator.status.OperatorException;
import io.github.kibanaobjects.operator.status.Reason;

/**
 * {@link Reason#INVALID_SPEC} for the chart itself: the text did not parse, or the real vega or
 * vega-lite library refused it. It sets {@code Validated=False} beside {@code Ready=False}.
 */
public class ChartValidationException extends OperatorException {
  private static final long serialVersionUID = 1L;

  public ChartValidationException(String message) {
    super(Reason.INVALID_SPEC, message);
  }
}
