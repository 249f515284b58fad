package io.screentrail;

/** How sensitive text is hidden before a frame is stored. */
public enum RedactionMode {
  /** No OCR, no redaction: frames are stored as captured. */
  OFF,
  /** A Gaussian blur as strong as the text is tall: glyph shapes do not survive it. */
  BLUR,
  /** Blocks at least half as tall as the text, each one colour. */
  PIXELATE;

  /** Parses the command line's names: off, blur, pixelate. */
  public static RedactionMode parse(String s) {
    for (RedactionMode m : values()) {
      if (m.name().equalsIgnoreCase(s.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("redaction must be off, blur or pixelate, was '" + s + "'");
  }
}
