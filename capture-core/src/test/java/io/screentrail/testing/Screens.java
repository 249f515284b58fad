package io.screentrail.testing;

import io.screentrail.session.SessionReader;
import io.screentrail.source.XShmScreenSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/** Whole-screen pixels from a live display and from a recorded session, to compare them. */
public final class Screens {

  private Screens() {}

  /** The display's whole screen now, as {@code 0xRRGGBB} per pixel, row-major. */
  public static int[] grabRgb(String display) {
    try (XShmScreenSource src = XShmScreenSource.open(display, -1)) {
      if (src.grab() != 0) {
        throw new IllegalStateException("grab failed: " + src.lastError());
      }
      int w = src.geometry().width();
      int h = src.geometry().height();
      ByteBuffer p = src.pixels();
      int[] rgb = new int[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          rgb[y * w + x] = p.getInt(y * src.stride() + x * 4) & 0xFFFFFF;
        }
      }
      return rgb;
    }
  }

  /**
   * Replays the session and returns its last frame as {@code 0xRRGGBB} per pixel; adds each
   * frame's keyframe flag to {@code keys} and every replay problem to {@code problems}.
   */
  public static int[] lastReplayedRgb(Path session, List<Boolean> keys, List<String> problems)
      throws IOException {
    int[][] last = {null};
    try (SessionReader reader = SessionReader.open(session)) {
      reader.replay(f -> {
        keys.add(f.keyframe());
        int[] rgb = new int[f.width() * f.height()];
        for (int y = 0; y < f.height(); y++) {
          for (int x = 0; x < f.width(); x++) {
            rgb[y * f.width() + x] = f.rgb(x, y);
          }
        }
        last[0] = rgb;
      }, problems);
    }
    return last[0];
  }
}
