package io.screentrail.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;

import io.screentrail.internal.RectList;
import java.nio.ByteBuffer;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

/**
 * The refiner's boxes against OpenCV's: the bounding box of the non-zero bytes of {@code absdiff}
 * viewed as one channel, which is what it replaced, on real OpenCV Mats with changes of one byte
 * (a colour-only change), scattered pixels, whole rows and regions at the frame's edges.
 */
class PixelRefinerTest {

  private static final int W = 640;
  private static final int H = 360;

  private final Random random = new Random(11);

  @Test
  void identicalFramesGiveNoBox() {
    try (Mat a = noise(); Mat b = a.clone(); PixelRefiner refiner = new PixelRefiner(W, H)) {
      RectList coarse = new RectList(4);
      coarse.add(0, 0, W, H);
      RectList tight = new RectList(4);
      refiner.refine(bytes(a), bytes(b), coarse, tight);
      assertThat(tight.size()).isZero();
    }
  }

  @Test
  void oneChangedByteIsItsPixel() {
    try (Mat a = noise(); Mat b = a.clone(); PixelRefiner refiner = new PixelRefiner(W, H)) {
      ByteBuffer bb = bytes(b);
      int x = 200;
      int y = 100;
      int at = (y * W + x) * 3 + 2; // the red byte only
      bb.put(at, (byte) (bb.get(at) + 1));
      RectList coarse = new RectList(4);
      coarse.add(192, 64, 64, 64);
      RectList tight = new RectList(4);
      refiner.refine(bytes(b), bytes(a), coarse, tight);
      assertThat(tight.size()).isEqualTo(1);
      assertThat(new int[] {tight.x(0), tight.y(0), tight.width(0), tight.height(0)})
          .containsExactly(x, y, 1, 1);
    }
  }

  @Test
  void boxesEqualOpenCvAbsdiffAndBoundingRectOnRandomChanges() {
    try (Mat ref = noise(); PixelRefiner refiner = new PixelRefiner(W, H)) {
      for (int trial = 0; trial < 300; trial++) {
        try (Mat cur = ref.clone()) {
          ByteBuffer cb = bytes(cur);
          int changes = random.nextInt(4); // 0: nothing changed
          for (int c = 0; c < changes; c++) {
            change(cb, trial);
          }
          RectList coarse = new RectList(8);
          int regions = 1 + random.nextInt(3);
          for (int r = 0; r < regions; r++) {
            int x = random.nextInt(W / 64) * 64;
            int y = random.nextInt(H / 64) * 64;
            coarse.add(x, y, Math.min(W - x, 64 * (1 + random.nextInt(6))),
                Math.min(H - y, 64 * (1 + random.nextInt(4))));
          }
          TileRegions.mergeOverlapping(coarse, 0);
          RectList tight = new RectList(8);
          refiner.refine(bytes(cur), bytes(ref), coarse, tight);
          assertThat(describe(tight)).as("trial %d", trial)
              .isEqualTo(describe(openCvBoxes(cur, ref, coarse)));
        }
      }
    }
  }

  /** A scattered pixel, a byte, a row segment or a block, anywhere including the edges. */
  private void change(ByteBuffer f, int trial) {
    int kind = random.nextInt(4);
    int x = random.nextInt(W);
    int y = random.nextInt(H);
    int w = kind == 0 || kind == 1 ? 1 : 1 + random.nextInt(W - x);
    int h = kind == 3 ? 1 + random.nextInt(H - y) : 1;
    for (int r = y; r < y + h; r++) {
      for (int c = x; c < x + w; c++) {
        int channel = kind == 1 ? random.nextInt(3) : -1;
        for (int b = 0; b < 3; b++) {
          if (channel < 0 || channel == b) {
            int at = (r * W + c) * 3 + b;
            f.put(at, (byte) (f.get(at) ^ (1 + (trial & 63))));
          }
        }
      }
    }
  }

  /** The refiner as it was: absdiff, the bytes as one channel, boundingRect, pixel columns. */
  private static RectList openCvBoxes(Mat cur, Mat ref, RectList coarse) {
    RectList out = new RectList(8);
    try (Mat diff = new Mat(H, W, CV_8UC3); Rect roi = new Rect()) {
      for (int i = 0; i < coarse.size(); i++) {
        roi.x(coarse.x(i)).y(coarse.y(i)).width(coarse.width(i)).height(coarse.height(i));
        try (Mat c = cur.apply(roi); Mat r = ref.apply(roi); Mat d = diff.apply(roi)) {
          absdiff(c, r, d);
          try (Mat one = d.reshape(1); Rect box = boundingRect(one)) {
            if (box.width() > 0 && box.height() > 0) {
              int x0 = box.x() / 3;
              int x1 = (box.x() + box.width() + 2) / 3;
              out.add(coarse.x(i) + x0, coarse.y(i) + box.y(), x1 - x0, box.height());
            }
          }
        }
      }
    }
    TileRegions.mergeOverlapping(out, 0);
    return out;
  }

  private static String describe(RectList rects) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < rects.size(); i++) {
      s.append(rects.x(i)).append(',').append(rects.y(i)).append(' ').append(rects.width(i))
          .append('x').append(rects.height(i)).append("; ");
    }
    return s.toString();
  }

  private Mat noise() {
    Mat m = new Mat(H, W, CV_8UC3);
    byte[] b = new byte[W * H * 3];
    random.nextBytes(b);
    bytes(m).put(0, b);
    return m;
  }

  private static ByteBuffer bytes(Mat m) {
    return new BytePointer(m.data()).capacity((long) W * H * 3).asByteBuffer();
  }
}
