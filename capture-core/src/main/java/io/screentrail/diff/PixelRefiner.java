package io.screentrail.diff;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;

import io.screentrail.internal.RectList;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Shrinks tile-aligned regions to the pixels that really changed, with OpenCV: the absolute
 * difference of the current frame and the reference inside the region, viewed as one channel so
 * that a change in any colour counts (a grey-scale difference misses colour-only changes), and
 * the bounding box of its non-zero bytes.
 *
 * <p>Not thread-safe: one thread owns an instance. The difference buffer is allocated once for the
 * frame size; each region costs a few Mat headers, freed before the call returns.
 */
public final class PixelRefiner implements AutoCloseable {

  private final Mat diff;
  private final Rect roi = new Rect();

  /** A refiner for BGR frames of the given size. */
  public PixelRefiner(int width, int height) {
    this.diff = new Mat(height, width, org.bytedeco.opencv.global.opencv_core.CV_8UC3);
  }

  /**
   * For each rectangle of {@code coarse}, finds the tight box of pixels where {@code current} and
   * {@code reference} (both BGR, same size) differ, and adds it to {@code tight}; rectangles
   * without a difference are left out.
   */
  public void refine(Mat current, Mat reference, RectList coarse, RectList tight) {
    tight.clear();
    for (int i = 0; i < coarse.size(); i++) {
      int x = coarse.x(i);
      int y = coarse.y(i);
      roi.x(x).y(y).width(coarse.width(i)).height(coarse.height(i));
      try (Mat cur = current.apply(roi);
          Mat ref = reference.apply(roi);
          Mat d = diff.apply(roi)) {
        absdiff(cur, ref, d);
        try (Mat bytes = d.reshape(1);
            Rect box = boundingRect(bytes)) {
          if (box.width() == 0 || box.height() == 0) {
            continue;
          }
          // Columns of the one-channel view are bytes: three per pixel.
          int x0 = box.x() / 3;
          int x1 = (box.x() + box.width() + 2) / 3;
          tight.add(x + x0, y + box.y(), x1 - x0, box.height());
        }
      }
    }
    TileRegions.mergeOverlapping(tight, 0);
  }

  @Override
  public void close() {
    diff.close();
    roi.close();
  }
}
