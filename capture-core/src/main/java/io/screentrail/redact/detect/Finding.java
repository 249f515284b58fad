package io.screentrail.redact.detect;

import java.util.Objects;

/**
 * A sensitive value found in OCR'd text: characters {@code [start, end)} of line {@code line} of
 * the scanned list. A value wrapped onto the next line gives one finding per line.
 *
 * @param detectorId the detector that found it, or a sub-kind of it ({@code token-github})
 * @param category what kind of value it is
 * @param line index of the line in the scanned list
 * @param start first character of the value in that line
 * @param end one past the last character of the value in that line
 */
public record Finding(String detectorId, Category category, int line, int start, int end) {

  /** Validates the range: {@code 0 <= start < end} and {@code line >= 0}. */
  public Finding {
    Objects.requireNonNull(detectorId, "detectorId");
    Objects.requireNonNull(category, "category");
    if (line < 0 || start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "finding must cover a non-empty range of a line, was line " + line + " [" + start + ", "
              + end + ")");
    }
  }

  /** Number of characters covered. */
  public int length() {
    return end - start;
  }

  /** Whether this and {@code other} share at least one character of the same line. */
  public boolean overlaps(Finding other) {
    return line == other.line && start < other.end && other.start < end;
  }
}
