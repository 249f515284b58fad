package io.screentrail;

/** How stored frames are compressed. */
public enum ImageFormat {
  /** Lossy, small and fast: the default for screens recorded all day. */
  JPEG("jpeg", ".jpg"),
  /** Lossless, about 1.5x the bytes of JPEG at 5x the CPU: for pixel-exact datasets. */
  PNG("png", ".png");

  private final String id;
  private final String extension;

  ImageFormat(String id, String extension) {
    this.id = id;
    this.extension = extension;
  }

  /** The name used in the session format and on the command line. */
  public String id() {
    return id;
  }

  /** The file name extension, with its dot. */
  public String extension() {
    return extension;
  }

  /** Parses {@link #id()}, case-insensitively; "jpg" is accepted for JPEG. */
  public static ImageFormat parse(String s) {
    String v = s.trim().toLowerCase(java.util.Locale.ROOT);
    if (v.equals("jpeg") || v.equals("jpg")) {
      return JPEG;
    }
    if (v.equals("png")) {
      return PNG;
    }
    throw new IllegalArgumentException("image format must be jpeg or png, was '" + s + "'");
  }
}
