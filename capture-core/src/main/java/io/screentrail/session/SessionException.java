package io.screentrail.session;

import java.io.IOException;

/**
 * A session directory cannot be created or read: the message names the file, the problem and
 * what to do about it.
 */
public class SessionException extends IOException {

  public SessionException(String message) {
    super(message);
  }

  public SessionException(String message, Throwable cause) {
    super(message, cause);
  }
}
