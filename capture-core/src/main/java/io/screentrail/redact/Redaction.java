package io.screentrail.redact;

import io.screentrail.redact.detect.Category;
import java.util.List;

/**
 * What redaction did to one frame: the boxes it hid and why, never the text.
 *
 * @param boxes hidden areas, in frame pixels
 * @param lines text lines found in the areas examined
 * @param cacheHits lines whose OCR result was remembered
 * @param ocrLines lines read by OCR this time
 * @param unreadable lines OCR read with too little confidence, hidden as sensitive
 * @param unread lines not read at all (timeout or error), hidden or the frame dropped
 * @param status {@code ok}, {@code timeout} or {@code error}
 * @param error the OCR error, or null
 * @param nanos time spent
 */
public record Redaction(
    List<Box> boxes,
    int lines,
    int cacheHits,
    int ocrLines,
    int unreadable,
    int unread,
    String status,
    Throwable error,
    long nanos) {

  /**
   * One hidden area.
   *
   * @param detector the detector that found it ({@code unread} and {@code unreadable} for lines
   *     hidden because they could not be read)
   * @param category what kind of value, or null for unread lines
   */
  public record Box(String detector, Category category, int x, int y, int width, int height) {}

  /** Whether some lines were hidden or the frame must go because OCR did not finish. */
  public boolean failed() {
    return unread > 0;
  }
}
