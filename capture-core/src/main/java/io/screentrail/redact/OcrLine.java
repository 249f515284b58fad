package io.screentrail.redact;

/**
 * What OCR read on one text line: the text (words joined by single spaces), its mean confidence,
 * and each word's box relative to the line and character range in the text. Immutable, so that
 * the line cache can share it.
 */
public final class OcrLine {

  /** A line on which OCR found nothing. */
  public static final OcrLine EMPTY = new OcrLine("", 0, new int[0], new int[0], new float[0]);

  private final String text;
  private final float confidence;
  private final int[] boxes; // x, y, w, h per word, relative to the line
  private final int[] ranges; // start, end per word, in text
  private final float[] wordConfidence;

  OcrLine(String text, float confidence, int[] boxes, int[] ranges, float[] wordConfidence) {
    this.text = text;
    this.confidence = confidence;
    this.boxes = boxes;
    this.ranges = ranges;
    this.wordConfidence = wordConfidence;
  }

  public String text() {
    return text;
  }

  /** Mean word confidence, 0 to 100. */
  public float confidence() {
    return confidence;
  }

  public int words() {
    return wordConfidence.length;
  }

  public int wordX(int i) {
    return boxes[i * 4];
  }

  public int wordY(int i) {
    return boxes[i * 4 + 1];
  }

  public int wordWidth(int i) {
    return boxes[i * 4 + 2];
  }

  public int wordHeight(int i) {
    return boxes[i * 4 + 3];
  }

  public int wordStart(int i) {
    return ranges[i * 2];
  }

  public int wordEnd(int i) {
    return ranges[i * 2 + 1];
  }

  public float wordConfidence(int i) {
    return wordConfidence[i];
  }

  /**
   * This line with its word boxes mapped from OCR input coordinates (rows enlarged {@code
   * scale} times, {@code xScale} columns to a frame column, then padded by {@link
   * LineReader#MARGIN} pixels) back to frame coordinates of a line at ({@code x}, {@code y}).
   * A box's left edge rounds down and its right edge up, so a word is never mapped narrower
   * than it was read.
   */
  OcrLine scaled(double xScale, int scale, int x, int y) {
    int[] b = new int[boxes.length];
    for (int i = 0; i < boxes.length; i += 4) {
      int left = (int) Math.floor(Math.max(0, boxes[i] - LineReader.MARGIN) / xScale);
      int right = (int) Math.ceil(Math.max(0, boxes[i] + boxes[i + 2] - LineReader.MARGIN)
          / xScale);
      b[i] = x + left;
      b[i + 1] = y + Math.max(0, boxes[i + 1] - LineReader.MARGIN) / scale;
      b[i + 2] = Math.max(right - left, (int) Math.ceil(boxes[i + 2] / xScale));
      b[i + 3] = (boxes[i + 3] + scale - 1) / scale;
    }
    return new OcrLine(text, confidence, b, ranges, wordConfidence);
  }
}
