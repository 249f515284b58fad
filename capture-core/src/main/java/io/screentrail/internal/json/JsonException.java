package io.screentrail.internal.json;

/**
 * Malformed JSON text, or a parsed value that lacks a field or has the wrong type for it.
 *
 * <p>Parse errors name what was expected and where, as in {@code expected ',' or '}' at offset
 * 17}; the offset counts chars for {@link Json#parse(String)} and bytes from {@code off} for
 * {@link Json#parse(byte[], int, int)}.
 */
public final class JsonException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int offset;

  /**
   * An error about a value rather than a position in the text.
   *
   * @param message the whole message, such as {@code missing field 'x'}
   */
  public JsonException(String message) {
    super(message);
    this.offset = -1;
  }

  /**
   * An error at a position in the text.
   *
   * @param problem what went wrong, such as {@code expected ':'}; " at offset N" is appended
   * @param offset where in the text
   */
  public JsonException(String problem, int offset) {
    super(problem + " at offset " + offset);
    this.offset = offset;
  }

  /** Where in the text the error was found, or -1 when it is not about a position. */
  public int offset() {
    return offset;
  }
}
