package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import java.awt.Color;
import java.nio.ByteBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** Hidden boxes taken from the cache are exactly what hiding them gives. */
class HiddenBoxCacheTest {

  private static final String[] SCREEN = {
      "Customer record for Jordan Example",
      "Email: jordan.example@example.org",
      "Card number 4111 1111 1111 1111",
      "Notes: prefers morning deliveries",
  };

  /** The same lines with other values of the same shapes: boxes of the same places and sizes. */
  private static final String[] OTHER_VALUES = {
      "Customer record for Jordan Example",
      "Email: morgan.example@example.net",
      "Card number 5555 5555 5555 4444",
      "Notes: prefers morning deliveries",
  };

  private static final long DEADLINE = 60_000_000_000L;

  @Test
  void aBoxMetAgainIsHiddenExactlyAsHidingItGives() {
    for (RedactionMode mode : new RedactionMode[] {RedactionMode.BLUR, RedactionMode.PIXELATE}) {
      try (Mat screen = render(SCREEN);
          Mat other = render(OTHER_VALUES);
          Redactor cached = new Redactor(mode, 35, 1, 1000);
          Redactor fresh = new Redactor(mode, 35, 1, 1000)) {
        byte[] first = redacted(cached, screen);
        long hitsBefore = cached.hiddenBoxHits();
        byte[] again = redacted(cached, screen);
        assertThat(cached.hiddenBoxHits()).as("boxes from the cache, " + mode)
            .isGreaterThan(hitsBefore);
        assertThat(again).as("the same screen again, " + mode).isEqualTo(first);
        assertThat(again).as("hidden at all, " + mode).isNotEqualTo(bytes(screen));

        // Boxes of the same places and sizes over other pixels are not taken from the cache.
        byte[] otherCached = redacted(cached, other);
        byte[] otherFresh = redacted(fresh, other);
        assertThat(otherCached).as("other values, " + mode).isEqualTo(otherFresh);
        assertThat(otherCached).isNotEqualTo(first);
      }
    }
  }

  @Test
  void theCacheStaysWithinItsBytesAndComparesEveryByte() {
    int w = 40;
    int h = 10;
    int step = w * 3;
    HiddenBoxCache cache = new HiddenBoxCache(5L * 2 * 20 * 5 * 3);
    ByteBuffer source = ByteBuffer.allocate(step * h);
    ByteBuffer target = ByteBuffer.allocate(step * h);
    for (int k = 0; k < 20; k++) {
      source.put(k, (byte) k);
      assertThat(cache.apply(source, step, target, step, 3, 0, 0, 20, 5)).isFalse();
      target.put(0, (byte) (100 + k));
      cache.remember(target, step, 3, 0, 0, 20, 5);
      assertThat(cache.bytes()).isLessThanOrEqualTo(5L * 2 * 20 * 5 * 3);
    }
    assertThat(cache.size()).isEqualTo(5);
    // The newest box is answered, with the pixels it was hidden into.
    target.put(0, (byte) 0);
    assertThat(cache.apply(source, step, target, step, 3, 0, 0, 20, 5)).isTrue();
    assertThat(target.get(0)).isEqualTo((byte) 119);
    // One byte changed anywhere in the box: not the same box.
    source.put(4 * step + 59, (byte) 1);
    assertThat(cache.apply(source, step, target, step, 3, 0, 0, 20, 5)).isFalse();
    // Outside the box: still the same box.
    source.put(4 * step + 59, (byte) 0);
    source.put(4 * step + 60, (byte) 1);
    assertThat(cache.apply(source, step, target, step, 3, 0, 0, 20, 5)).isTrue();
  }

  private static Mat render(String[] lines) {
    return TextImages.render(900, 220, "DejaVu Sans", 16, Color.BLACK, Color.WHITE, lines);
  }

  private static byte[] redacted(Redactor r, Mat screen) {
    try (Mat copy = screen.clone()) {
      RectList whole = new RectList(1);
      whole.add(0, 0, copy.cols(), copy.rows());
      Redaction result = r.redact(copy, whole, System.nanoTime() + DEADLINE, true);
      assertThat(result.status()).isEqualTo("ok");
      assertThat(result.boxes()).isNotEmpty();
      return bytes(copy);
    }
  }

  private static byte[] bytes(Mat m) {
    byte[] out = new byte[(int) (m.total() * m.channels())];
    m.data().get(out);
    return out;
  }
}
