package io.screentrail.testing;

import io.screentrail.session.SessionReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What tests look for in sessions: byte strings in their files, and their frames as pixels. */
public final class SessionBytes {

  private SessionBytes() {}

  /** Whether {@code needle} occurs anywhere in {@code hay}. */
  public static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Every stored frame, rebuilt whole, as 0xRRGGBB pixels in rows; skips go to problems. */
  public static List<int[]> frames(SessionReader reader, List<String> problems)
      throws IOException {
    List<int[]> frames = new ArrayList<>();
    reader.replay(f -> {
      int[] rgb = new int[f.width() * f.height()];
      for (int y = 0; y < f.height(); y++) {
        for (int x = 0; x < f.width(); x++) {
          rgb[y * f.width() + x] = f.rgb(x, y);
        }
      }
      frames.add(rgb);
    }, problems);
    return frames;
  }
}
