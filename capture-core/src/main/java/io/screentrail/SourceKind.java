package io.screentrail;

/** Which screen grabber the engine uses. */
public enum SourceKind {
  /** X11 shared memory where the X server offers it (local display with MIT-SHM), else Robot. */
  AUTO,
  /** X11 {@code XShmGetImage} into one reused shared segment: under 1 ms a 1080p frame. */
  XSHM,
  /** {@code java.awt.Robot}: portable, 10 to 100 times the CPU of shared memory. */
  ROBOT;

  /** Parses the lower-case name used on the command line. */
  public static SourceKind parse(String s) {
    for (SourceKind k : values()) {
      if (k.name().equalsIgnoreCase(s.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException("source must be auto, xshm or robot, was '" + s + "'");
  }
}
