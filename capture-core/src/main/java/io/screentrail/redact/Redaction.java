package io.screentrail.redact;

import io.screentrail.redact.detect.Category;
import java.util.List;

/**
 * What redaction did to one frame: the boxes it hid and why, never the text.
 *
 * @param boxes hidden areas, in frame pixels
 * @param lines text lines found in the areas examined (slivers of a line cut by a redraw, hidden
 *     as {@code unreadable} boxes without a reading, are not counted here nor in {@code
 *     unreadable})
 * @param cacheHits lines whose OCR result was remembered
 * @param ocrLines lines not answered by the line cache and read this time (by OCR, or put
 *     together from words, see {@link OcrWork#wordLines})
 * @param unreadable lines OCR read with too little confidence, hidden as sensitive
 * @param unread lines not read at all (timeout or error), hidden or the frame dropped
 * @param status {@code ok}, {@code timeout} or {@code error}
 * @param error the OCR error, or null
 * @param nanos time spent
 * @param work what OCR did for the lines not answered by the line cache
 * @param unreadableAgain lines hidden without being read, in a spot where OCR read nothing
 *     before (see {@code Redactor.UNREADABLE_AGAIN}); not part of {@code unreadable}
 * @param overBudget lines hidden whole without being read because the frame's OCR allowance was
 *     spent (see {@code Redactor.OVER_BUDGET}); not part of {@code unread}
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
    long nanos,
    OcrWork work,
    int unreadableAgain,
    int overBudget) {

  /**
   * OCR's work on one frame.
   *
   * @param calls OCR calls (lines read whole and synthetic lines of words)
   * @param chars characters OCR returned, spaces between words included
   * @param heightsRead the images' widths in image heights, summed: the LSTM's time follows it
   * @param wordLines lines put together from word results
   * @param wordHits words answered by the word cache
   * @param wordMisses distinct word crops read on synthetic lines
   * @param syntheticReads synthetic lines read
   * @param wordFallbacks lines read whole because their words did not map one to one
   */
  public record OcrWork(int calls, int chars, double heightsRead, int wordLines, int wordHits,
      int wordMisses, int syntheticReads, int wordFallbacks) {}

  /**
   * One hidden area.
   *
   * @param detector the detector that found it ({@code unread}, {@code unreadable}, {@code
   *     unreadable-again} and {@code over-budget} for lines hidden because they were not or
   *     could not be read)
   * @param category what kind of value, or null for unread lines
   */
  public record Box(String detector, Category category, int x, int y, int width, int height) {}

  /** Whether some lines were hidden or the frame must go because OCR did not finish. */
  public boolean failed() {
    return unread > 0;
  }
}
