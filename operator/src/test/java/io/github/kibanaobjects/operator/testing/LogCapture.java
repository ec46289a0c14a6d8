package io.github.kibanaobjects.operator.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of everything written to {@code System.err}, where slf4j-simple writes the
 * operator's (and the simulator's) log lines, so tests can assert that no secret was logged.
 */
public final class LogCapture {
  private static final ByteArrayOutputStream COPY = new ByteArrayOutputStream();
  private static boolean installed;

  private LogCapture() {}

  /** Tees {@code System.err} into the copy; idempotent. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    var original = System.err;
    var tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            original.write(b);
            synchronized (COPY) {
              COPY.write(b);
            }
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            original.write(bytes, offset, length);
            synchronized (COPY) {
              COPY.write(bytes, offset, length);
            }
          }

          @Override
          public void flush() {
            original.flush();
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    installed = true;
  }

  /** Everything logged since {@link #install()}. */
  public static String text() {
    System.err.flush();
    synchronized (COPY) {
      return COPY.toString(StandardCharsets.UTF_8);
    }
  }
}
