package io.screentrail.cli;

/**
 * The command line is wrong: an unknown command or flag, a bad or missing value. Exit code 2; the
 * message names the flag and the accepted values, and {@link Main} adds where to find the help.
 */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
