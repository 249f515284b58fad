package io.screentrail;

/** The engine's version, written into every session manifest. */
public final class Version {

  /** The version of this build. */
  public static final String VERSION = "0.1.0";

  private Version() {}
}
