package io.screentrail.input;

/** Global input capture cannot start here; the message says why and what to do. */
public class InputUnavailableException extends Exception {

  public InputUnavailableException(String message) {
    super(message);
  }

  public InputUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
