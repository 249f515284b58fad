package io.screentrail.cli;

/**
 * The machine lacks something the command needs: a display, Xvfb, an X extension. Exit code 3; the
 * message says what is missing and how to get it.
 */
final class EnvironmentException extends Exception {

  private static final long serialVersionUID = 1L;

  EnvironmentException(String message) {
    super(message);
  }
}
