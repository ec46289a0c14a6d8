package io.github.kibanaobjects.operator;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log format chosen in {@link OperatorConfig#logFormat()}: logback.xml writes text; JSON swaps
 * the console appender's encoder for Logback's own JSON encoder, one object per line with the
 * level, logger, thread, the MDC (kind, namespace and name during a reconcile) and the message.
 */
public final class Logging {
  private static final Logger log = LoggerFactory.getLogger(Logging.class);

  private Logging() {}

  /** Switches every root appender that writes a stream to {@code format}. */
  public static void use(OperatorConfig.LogFormat format) {
    if (format != OperatorConfig.LogFormat.JSON) {
      return;
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      // Another slf4j provider (an embedding application's): its own configuration decides.
      log.warn("LOG_FORMAT=json needs Logback; logging stays as configured");
      return;
    }
    use(context, format);
  }

  /** As above, in this Logback context. */
  static void use(LoggerContext context, OperatorConfig.LogFormat format) {
    if (format != OperatorConfig.LogFormat.JSON) {
      return;
    }
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.iteratorForAppenders()
        .forEachRemaining(
            appender -> {
              // Swapped in place: stopping the appender would close its stream (standard error).
              if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
                stream.setEncoder(jsonEncoder(context));
              }
            });
  }

  /** Logback's JSON encoder with the fields a log pipeline needs and none of its internals. */
  public static JsonEncoder jsonEncoder(LoggerContext context) {
    var encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
