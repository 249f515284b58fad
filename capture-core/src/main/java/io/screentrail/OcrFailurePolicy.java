package io.screentrail;

/**
 * What happens to a frame when OCR fails, times out or falls behind its budget. Either way no
 * unread text is stored, and the decision is counted.
 */
public enum OcrFailurePolicy {
  /** Store the frame with every line that was not read hidden. */
  BLUR_UNREAD,
  /** Do not store the frame at all. */
  DROP_FRAME
}
