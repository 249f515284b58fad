package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.ByteBuffer;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

/**
 * A moved header gives OpenCV exactly what a fresh {@code apply(Rect)} header gives: the same
 * conversion into the same place and the same JPEG bytes, over parents that take turns, over a
 * parent whose rows are padded, and for a parent of another size.
 */
class MatWindowTest {

  private static ByteBuffer bytes(Mat m) {
    return m.data().limit(m.step() * m.rows()).asByteBuffer();
  }

  private static void fill(Mat m, Random r) {
    ByteBuffer b = bytes(m);
    for (int i = 0; i < b.limit(); i++) {
      b.put(i, (byte) r.nextInt(256));
    }
  }

  @Test
  void convertsTheSameRectanglesIntoTheSamePlacesAsFreshHeaders() {
    int w = 203;
    int h = 97;
    Random r = new Random(11);
    Mat[] sources = {new Mat(h, w, CV_8UC4), new Mat(h, w, CV_8UC4)};
    Mat[] viaWindow = {new Mat(h, w, CV_8UC3), new Mat(h, w, CV_8UC3), new Mat(h, w, CV_8UC3)};
    Mat[] viaApply = {new Mat(h, w, CV_8UC3), new Mat(h, w, CV_8UC3), new Mat(h, w, CV_8UC3)};
    for (Mat m : sources) {
      fill(m, r);
    }
    for (int i = 0; i < viaWindow.length; i++) {
      fill(viaWindow[i], new Random(i));
      fill(viaApply[i], new Random(i));
    }
    try (MatWindow from = new MatWindow(2);
        MatWindow to = new MatWindow(2)) { // fewer than the slots: parents are looked up again
      for (int k = 0; k < 400; k++) {
        Mat src = sources[r.nextInt(2)];
        int d = r.nextInt(3);
        int x = r.nextInt(w);
        int y = r.nextInt(h);
        // Whole rows, single rows and columns, and everything between.
        int rw = r.nextInt(4) == 0 ? w - x : 1 + r.nextInt(w - x);
        int rh = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(h - y);
        if (k % 50 == 0) {
          x = 0;
          y = 0;
          rw = w;
          rh = h;
        }
        Mat fromMoved = from.of(src, x, y, rw, rh);
        Mat toMoved = to.of(viaWindow[d], x, y, rw, rh);
        cvtColor(fromMoved, toMoved, COLOR_BGRA2BGR);
        try (Rect roi = new Rect(x, y, rw, rh);
            Mat a = src.apply(roi);
            Mat b = viaApply[d].apply(roi)) {
          cvtColor(a, b, COLOR_BGRA2BGR);
          // The flags OpenCV sets for a region, which other calls than these two rely on.
          assertThat(toMoved.isContinuous()).as("continuous, %dx%d", rw, rh)
              .isEqualTo(b.isContinuous());
          assertThat(toMoved.isSubmatrix()).as("submatrix, %dx%d", rw, rh)
              .isEqualTo(b.isSubmatrix());
          assertThat(fromMoved.step()).isEqualTo(a.step());
        }
        assertThat(bytes(viaWindow[d]).mismatch(bytes(viaApply[d])))
            .as("conversion %d of %dx%d at (%d, %d)", k, rw, rh, x, y)
            .isEqualTo(-1);
      }
    }
  }

  @Test
  void encodesTheSameBytesAsFreshHeadersAlsoOverPaddedRowsAndAnotherSize() {
    Random r = new Random(5);
    Mat packed = new Mat(120, 160, CV_8UC3);
    Mat wideParent = new Mat(120, 200, CV_8UC3);
    fill(packed, r);
    fill(wideParent, r);
    Mat paddedView;
    try (Rect left = new Rect(0, 0, 160, 120)) {
      paddedView = wideParent.apply(left); // rows 600 bytes apart, 480 used
    }
    Mat other = new Mat(50, 70, CV_8UC3);
    fill(other, r);
    Mat[][] orders = {{packed, paddedView, other, packed}, {paddedView, packed, other, paddedView}};
    for (Mat[] parents : orders) {
      // The first parent's geometry is the window's own; the others take the slow path.
      encodeAll(parents, r);
    }
  }

  private static void encodeAll(Mat[] parents, Random r) {
    try (MatWindow window = new MatWindow(4);
        IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 80)) {
      for (Mat parent : parents) {
        for (int k = 0; k < 30; k++) {
          int x = r.nextInt(parent.cols());
          int y = r.nextInt(parent.rows());
          int rw = k == 0 ? parent.cols() - x : 1 + r.nextInt(parent.cols() - x);
          int rh = 1 + r.nextInt(parent.rows() - y);
          byte[] moved = jpeg(window.of(parent, x, y, rw, rh), params);
          byte[] fresh;
          try (Rect roi = new Rect(x, y, rw, rh);
              Mat a = parent.apply(roi)) {
            fresh = jpeg(a, params);
          }
          assertThat(moved).as("%dx%d at (%d, %d) of a %dx%d parent", rw, rh, x, y,
              parent.cols(), parent.rows()).isEqualTo(fresh);
        }
      }
    }
  }

  private static byte[] jpeg(Mat image, IntPointer params) {
    try (BytePointer out = new BytePointer()) {
      assertThat(imencode(".jpg", image, out, params)).isTrue();
      byte[] b = new byte[(int) out.limit()];
      out.position(0).get(b);
      return b;
    }
  }
}
