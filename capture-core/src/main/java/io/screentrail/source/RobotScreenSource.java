package io.screentrail.source;

import java.awt.AWTError;
import java.awt.AWTException;
import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The portable source: {@link Robot#createScreenCapture}, copied into a buffer allocated once.
 * Works wherever AWT has a screen, at 10 to 100 times the CPU of {@link XShmScreenSource}; each
 * grab also allocates the image that Robot returns (8 MB at 1080p), which the copy then releases.
 *
 * <p>On X11 the JDK's GTK path is the fast one (about 10 ms CPU for 1080p); {@code
 * -Dawt.robot.gtk=false} falls back to a per-pixel loop ten times slower, so leave it unset. AWT
 * reads {@code DISPLAY} once per JVM: this source always captures that display.
 *
 * <p>Threading: one thread at a time, as {@link ScreenSource} says.
 */
public final class RobotScreenSource implements ScreenSource {

  private final Robot robot;
  private final Rectangle area; // in AWT's coordinates, which may not start at 0,0
  private final ScreenGeometry geometry;
  private final ByteBuffer pixels;
  private final IntBuffer pixelInts;
  private String lastError;
  private boolean closed;

  private RobotScreenSource(Robot robot, Rectangle area, ScreenGeometry geometry) {
    this.robot = robot;
    this.area = area;
    this.geometry = geometry;
    // Little-endian ints 0x00RRGGBB land in memory as B, G, R, X, as ScreenSource requires.
    this.pixels =
        ByteBuffer.allocateDirect(4 * area.width * area.height).order(ByteOrder.LITTLE_ENDIAN);
    this.pixelInts = pixels.asIntBuffer();
  }

  /**
   * Prepares a Robot for one screen or the whole desktop.
   *
   * @param screenIndex a screen in {@link GraphicsEnvironment#getScreenDevices()} order, or -1 for
   *     the bounding box of all of them
   * @throws IllegalStateException when AWT has no screen (headless, or no X server at {@code
   *     DISPLAY}): the message says why and what to do
   * @throws IllegalArgumentException when {@code screenIndex} is not -1 or an existing screen
   */
  public static RobotScreenSource open(int screenIndex) {
    if (GraphicsEnvironment.isHeadless()) {
      throw new IllegalStateException(headlessMessage());
    }
    try {
      GraphicsDevice[] devices =
          GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices();
      Rectangle desktop = null;
      List<Rectangle> bounds = new ArrayList<>();
      for (GraphicsDevice device : devices) {
        Rectangle b = device.getDefaultConfiguration().getBounds();
        bounds.add(b);
        desktop = desktop == null ? new Rectangle(b) : desktop.union(b);
      }
      if (desktop == null) {
        throw new IllegalStateException("AWT reports no screen on DISPLAY=" + displayEnv());
      }
      List<ScreenGeometry.Screen> screens = new ArrayList<>();
      for (int i = 0; i < bounds.size(); i++) {
        Rectangle b = bounds.get(i);
        screens.add(
            new ScreenGeometry.Screen(i, b.x - desktop.x, b.y - desktop.y, b.width, b.height));
      }
      if (screenIndex < -1 || screenIndex >= screens.size()) {
        throw new IllegalArgumentException(
            "screen index "
                + screenIndex
                + " is out of range: AWT sees "
                + screens.size()
                + (screens.size() == 1
                    ? " screen, use 0"
                    : " screens, use 0 to " + (screens.size() - 1))
                + ", or -1 for the whole desktop");
      }
      Rectangle area = screenIndex == -1 ? desktop : bounds.get(screenIndex);
      double dpi = Toolkit.getDefaultToolkit().getScreenResolution();
      ScreenGeometry geometry =
          new ScreenGeometry(
              area.x - desktop.x,
              area.y - desktop.y,
              area.width,
              area.height,
              desktop.width,
              desktop.height,
              screens,
              screenIndex,
              dpi);
      return new RobotScreenSource(new Robot(), new Rectangle(area), geometry);
    } catch (HeadlessException e) {
      throw new IllegalStateException(headlessMessage(), e);
    } catch (AWTException e) {
      throw new IllegalStateException(
          "java.awt.Robot is not available on DISPLAY=" + displayEnv() + ": " + e.getMessage(), e);
    } catch (AWTError e) {
      // Such as "Can't connect to X11 window server using ':5' as the value of DISPLAY".
      throw new IllegalStateException(
          "Cannot open X display '"
              + displayEnv()
              + "' for java.awt.Robot ("
              + e.getMessage()
              + "); AWT reads DISPLAY once per JVM, so set it before starting Java",
          e);
    }
  }

  private static String headlessMessage() {
    return displayEnv() == null
        ? "No X display: DISPLAY is not set, so AWT runs headless and java.awt.Robot cannot"
            + " capture. Set DISPLAY (for example DISPLAY=:0) before starting Java"
        : "java.awt.Robot cannot capture: AWT runs headless although DISPLAY="
            + displayEnv()
            + "; remove -Djava.awt.headless=true";
  }

  private static String displayEnv() {
    return System.getenv("DISPLAY");
  }

  @Override
  public String name() {
    return "robot";
  }

  @Override
  public ScreenGeometry geometry() {
    return geometry;
  }

  @Override
  public int grab() {
    if (closed) {
      lastError = "the source is closed";
      return GRAB_FAILED;
    }
    try {
      BufferedImage image = robot.createScreenCapture(area);
      if (image.getWidth() != area.width || image.getHeight() != area.height) {
        // HiDPI scaling makes Robot return user-space pixels, not physical ones.
        lastError =
            "Robot returned " + image.getWidth() + "x" + image.getHeight() + " for an area of "
                + area.width + "x" + area.height + " (display scaling? run with"
                + " -Dsun.java2d.uiScale=1)";
        return GRAB_FAILED;
      }
      copy(image);
      lastError = null;
      return GRAB_OK;
    } catch (RuntimeException e) {
      lastError = "Robot capture failed: " + e;
      return GRAB_FAILED;
    }
  }

  private void copy(BufferedImage image) {
    int w = area.width;
    int h = area.height;
    Raster raster = image.getRaster();
    if (raster.getDataBuffer() instanceof DataBufferInt
        && raster.getSampleModel() instanceof SinglePixelPackedSampleModel
        && image.getType() == BufferedImage.TYPE_INT_RGB) {
      // Robot's usual image: ints 0x00RRGGBB, copied in bulk.
      SinglePixelPackedSampleModel model = (SinglePixelPackedSampleModel) raster.getSampleModel();
      int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
      int scan = model.getScanlineStride();
      int offset =
          ((DataBufferInt) raster.getDataBuffer()).getOffset()
              + model.getOffset(
                  -raster.getSampleModelTranslateX(), -raster.getSampleModelTranslateY());
      if (scan == w) {
        pixelInts.put(0, data, offset, w * h);
      } else {
        for (int y = 0; y < h; y++) {
          pixelInts.put(y * w, data, offset + y * scan, w);
        }
      }
    } else {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        pixelInts.put(y * w, row, 0, w);
      }
    }
  }

  @Override
  public ByteBuffer pixels() {
    return pixels;
  }

  @Override
  public int stride() {
    return 4 * area.width;
  }

  @Override
  public String lastError() {
    return lastError;
  }

  /** Marks the source closed; later calls do nothing. Robot holds no native resource to free. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "RobotScreenSource[" + geometry + "]";
  }
}
