package io.screentrail;

/**
 * Receives errors that happen on the engine's background threads. The engine counts every error
 * per distinct kind (stage, type and message) before calling the handler, so none is lost even
 * when the handler ignores it; the counts are in {@link CaptureStats#errors()}.
 *
 * <p>Called on the thread where the error happened (capture or encoder). It must not block.
 */
@FunctionalInterface
public interface ErrorHandler {

  /**
   * An error happened.
   *
   * @param stage the pipeline stage: {@code capture}, {@code diff}, {@code encode} or {@code write}
   * @param error what happened
   * @param occurrences how many times this kind of error has happened so far, this one included
   */
  void onError(String stage, Throwable error, long occurrences);

  /** Prints the first occurrence of each kind of error to standard error, and every 1000th. */
  static ErrorHandler printing() {
    return (stage, error, n) -> {
      if (n == 1 || n % 1000 == 0) {
        System.err.println("screentrail: " + stage + " error (" + n + "x): " + error);
      }
    };
  }
}
