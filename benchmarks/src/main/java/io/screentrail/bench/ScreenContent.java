package io.screentrail.bench;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Synthetic desktops that hash, diff and compress like a real screen: flat backgrounds, a dark
 * terminal full of shell output, a white document window with proportional text, a panel and one
 * small photo-like gradient, all drawn with Java2D's anti-aliased text. The same size always gives
 * the same pixels (fixed seed), so figures from different runs describe the same content.
 *
 * <p>Runs headless (no X server needed). Pixels come out as the X server delivers them: B, G, R, X
 * with X = 0xFF, as Xvfb fills it.
 */
public final class ScreenContent {

  /** Terminal body colours, also used to "type" into it. */
  public static final Color TERMINAL_BACKGROUND = new Color(0x1d1f21);

  public static final Color TERMINAL_TEXT = new Color(0xc5c8c6);

  private static final String[] WORDS = {
    "capture", "frame", "tile", "encoder", "session", "record", "buffer", "region", "pixels",
    "the", "a", "of", "to", "and", "in", "is", "for", "with", "on", "that", "screen", "change",
    "timeline", "keyframe", "detect", "refine", "stride", "display", "segment", "shared", "memory",
    "opencv", "jpeg", "png", "quality", "thread", "queue", "drop", "count", "latency", "median",
  };

  private static final String[] FILES = {
    "CaptureEngine.java", "FrameStore.java", "TileChangeDetector.java", "PixelRefiner.java",
    "SessionWriter.java", "pom.xml", "README.md", "target", "src", "notes.txt", "build.log",
    "XShmScreenSource.java", "FrameEncoder.java", "run-capture.sh", ".gitignore", "LICENSE",
  };

  private static final String[] COMMANDS = {
    "ls -la", "git status", "mvn -q -B -DskipTests package", "cat notes.txt",
    "tail -n 20 build.log",
    "grep -rn detect src/", "df -h", "ps aux | head", "java -version", "make -j2",
  };

  /**
   * A rendered desktop.
   *
   * @param image the pixels
   * @param cursorX left of the terminal's text cursor, where typing would draw the next glyph
   * @param cursorY baseline of the terminal's text cursor
   * @param terminal the terminal's text area (inside its window border)
   * @param glyphWidth advance of one terminal glyph
   * @param lineHeight distance between two terminal baselines
   */
  public record Desktop(
      BufferedImage image,
      int cursorX,
      int cursorY,
      Rectangle terminal,
      int glyphWidth,
      int lineHeight) {}

  private ScreenContent() {}

  /** Parses {@code "1920x1080"} into {@code {1920, 1080}}. */
  public static int[] parseSize(String size) {
    int x = size.indexOf('x');
    if (x <= 0) {
      throw new IllegalArgumentException("size must look like 1920x1080, was '" + size + "'");
    }
    return new int[] {
      Integer.parseInt(size.substring(0, x)), Integer.parseInt(size.substring(x + 1))
    };
  }

  /** Draws a desktop of the given size. */
  public static Desktop desktop(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      Random rnd = new Random(42L * width + height);

      g.setColor(new Color(0x3b4252));
      g.fillRect(0, 0, width, height);
      panel(g, width);

      int termW = (int) (width * 0.56);
      Rectangle term = window(g, "user@host: ~/src/screentrail", 12, 40, termW, height - 56);
      g.setColor(TERMINAL_BACKGROUND);
      g.fillRect(term.x, term.y, term.width, term.height);
      Font mono = new Font(Font.MONOSPACED, Font.PLAIN, 13);
      g.setFont(mono);
      FontMetrics fm = g.getFontMetrics();
      int glyph = fm.charWidth('m');
      int line = fm.getHeight();
      int[] cursor = terminalText(g, term, glyph, line, rnd);

      int docX = termW + 28;
      int docW = width - docX - 12;
      int docH = (int) (height * 0.62);
      Rectangle doc = window(g, "Design notes - Screentrail", docX, 40, docW, docH);
      g.setColor(Color.WHITE);
      g.fillRect(doc.x, doc.y, doc.width, doc.height);
      documentText(g, doc, rnd);

      int photoY = 40 + docH + 16;
      int photoH = height - photoY - 16;
      if (photoH > 40) {
        Rectangle photo = window(g, "preview.jpg", docX, photoY, Math.min(docW, 420), photoH);
        photo(g, img, photo, rnd);
      }
      return new Desktop(img, cursor[0], cursor[1], term, glyph, line);
    } finally {
      g.dispose();
    }
  }

  /** Draws {@code text} in the terminal's colours with its baseline at ({@code x}, {@code y}). */
  public static void typeInTerminal(BufferedImage img, int x, int y, String text) {
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
      g.setColor(TERMINAL_TEXT);
      g.drawString(text, x, y);
    } finally {
      g.dispose();
    }
  }

  /**
   * Draws a block caret of one terminal cell at ({@code x}, baseline {@code y}), or erases it
   * ({@code on == false}) by painting the cell with the terminal background.
   */
  public static void caret(BufferedImage img, Desktop desktop, int x, int y, boolean on) {
    Graphics2D g = img.createGraphics();
    try {
      g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
      int ascent = g.getFontMetrics().getAscent();
      g.setColor(on ? TERMINAL_TEXT : TERMINAL_BACKGROUND);
      g.fillRect(x, y - ascent, desktop.glyphWidth(), desktop.lineHeight());
    } finally {
      g.dispose();
    }
  }

  /** A copy of {@code img}, to draw a change on without touching the original. */
  public static BufferedImage copy(BufferedImage img) {
    BufferedImage c = new BufferedImage(img.getWidth(), img.getHeight(), img.getType());
    int[] src = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    int[] dst = ((DataBufferInt) c.getRaster().getDataBuffer()).getData();
    System.arraycopy(src, 0, dst, 0, src.length);
    return c;
  }

  /** The image as a direct buffer of B, G, R, X pixels (X = 0xFF), stride {@code 4 * width}. */
  public static ByteBuffer toBgrx(BufferedImage img) {
    int[] rgb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    ByteBuffer buf = ByteBuffer.allocateDirect(rgb.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rgb.length; i++) {
      buf.putInt(i * 4, rgb[i] | 0xff000000);
    }
    return buf;
  }

  /** A 4-channel Mat header over {@code bgrx} (no copy); the buffer must outlive it. */
  public static Mat bgrxMat(ByteBuffer bgrx, int width, int height) {
    return new Mat(height, width, CV_8UC4, new BytePointer(bgrx), 4L * width);
  }

  /** A new 3-channel BGR Mat with the pixels of {@code bgrx}, as the encoder thread makes it. */
  public static Mat bgrMat(ByteBuffer bgrx, int width, int height) {
    Mat bgr = new Mat(height, width, CV_8UC3);
    try (Mat src = bgrxMat(bgrx, width, height)) {
      cvtColor(src, bgr, COLOR_BGRA2BGR);
    }
    return bgr;
  }

  private static void panel(Graphics2D g, int width) {
    g.setColor(new Color(0x1e1e1e));
    g.fillRect(0, 0, width, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(new Color(0xeeeeee));
    g.drawString("Activities", 14, 19);
    g.drawString("Terminal", 110, 19);
    g.drawString("Thu 21 Nov  10:42", width / 2 - 60, 19);
    for (int i = 0; i < 4; i++) {
      g.setColor(new Color(0x5e81ac + i * 0x101010));
      g.fillRoundRect(width - 120 + i * 26, 6, 16, 16, 5, 5);
    }
  }

  /** Draws a window frame with a title bar and returns its content area. */
  private static Rectangle window(Graphics2D g, String title, int x, int y, int w, int h) {
    g.setColor(new Color(0x2e3440));
    g.fillRect(x - 1, y - 1, w + 2, h + 2);
    g.setPaint(new GradientPaint(x, y, new Color(0xe8e8e7), x, y + 26, new Color(0xd6d6d4)));
    g.fillRect(x, y, w, 26);
    g.setColor(new Color(0x2e2e2e));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, x + w / 2 - g.getFontMetrics().stringWidth(title) / 2, y + 18);
    int[] buttons = {0xed6a5e, 0xf5bf4f, 0x61c554};
    for (int i = 0; i < buttons.length; i++) {
      g.setColor(new Color(buttons[i]));
      g.fillOval(x + w - 70 + i * 20, y + 7, 12, 12);
    }
    return new Rectangle(x, y + 26, w, h - 26);
  }

  /** Fills the terminal with prompts and output; returns the cursor after the last prompt. */
  private static int[] terminalText(
      Graphics2D g, Rectangle term, int glyph, int line, Random rnd) {
    Color prompt = new Color(0x8ae234);
    Color dir = new Color(0x729fcf);
    int cols = (term.width - 12) / glyph;
    int lines = (term.height - 8) / line;
    int x0 = term.x + 6;
    int y = term.y + 4 + g.getFontMetrics().getAscent();
    int last = lines - 1;
    int i = 0;
    while (i < last) {
      String p = "user@host:~/src$ ";
      g.setColor(prompt);
      g.drawString(p, x0, y);
      g.setColor(TERMINAL_TEXT);
      g.drawString(COMMANDS[rnd.nextInt(COMMANDS.length)], x0 + p.length() * glyph, y);
      y += line;
      i++;
      int output = 3 + rnd.nextInt(12);
      for (int k = 0; k < output && i < last; k++, i++, y += line) {
        String text;
        if (rnd.nextBoolean()) {
          String name = FILES[rnd.nextInt(FILES.length)];
          text = String.format("-rw-r--r-- 1 user user %7d Nov %2d %02d:%02d ",
              rnd.nextInt(2_000_000), 1 + rnd.nextInt(21), rnd.nextInt(24), rnd.nextInt(60));
          g.setColor(TERMINAL_TEXT);
          g.drawString(text, x0, y);
          g.setColor(name.indexOf('.') < 0 ? dir : TERMINAL_TEXT);
          g.drawString(name, x0 + text.length() * glyph, y);
        } else {
          StringBuilder sb = new StringBuilder();
          sb.append(String.format("[%02d:%02d:%02d] ", rnd.nextInt(24), rnd.nextInt(60),
              rnd.nextInt(60)));
          int len = 10 + rnd.nextInt(Math.max(1, cols - 20));
          while (sb.length() < len) {
            sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
          }
          g.setColor(TERMINAL_TEXT);
          g.drawString(sb.substring(0, Math.min(sb.length(), cols)), x0, y);
        }
      }
    }
    String p = "user@host:~/src$ ";
    g.setColor(prompt);
    g.drawString(p, x0, y);
    return new int[] {x0 + p.length() * glyph, y};
  }

  private static void documentText(Graphics2D g, Rectangle doc, Random rnd) {
    g.setColor(new Color(0xf3f3f3));
    g.fillRect(doc.x, doc.y, doc.width, 34);
    for (int i = 0; i < 8; i++) {
      g.setColor(new Color(0x4a4a4a + (i % 3) * 0x202020));
      g.fillRoundRect(doc.x + 10 + i * 30, doc.y + 8, 20, 18, 4, 4);
    }
    Font body = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    Font heading = new Font(Font.SANS_SERIF, Font.BOLD, 19);
    int x0 = doc.x + 24;
    int right = doc.x + doc.width - 24;
    int y = doc.y + 70;
    int bottom = doc.y + doc.height - 10;
    while (y < bottom) {
      g.setFont(heading);
      g.setColor(new Color(0x1a4d8f));
      g.drawString(capitalized(rnd, 2 + rnd.nextInt(4)), x0, y);
      y += 30;
      g.setFont(body);
      FontMetrics fm = g.getFontMetrics();
      int paragraphLines = 2 + rnd.nextInt(6);
      for (int l = 0; l < paragraphLines && y < bottom; l++, y += fm.getHeight() + 2) {
        int x = x0;
        boolean lastLine = l == paragraphLines - 1;
        int limit = lastLine ? x0 + (right - x0) * (30 + rnd.nextInt(60)) / 100 : right;
        while (true) {
          String w = WORDS[rnd.nextInt(WORDS.length)] + " ";
          int ww = fm.stringWidth(w);
          if (x + ww > limit) {
            break;
          }
          boolean link = rnd.nextInt(40) == 0;
          g.setColor(link ? new Color(0x0b57d0) : new Color(0x202124));
          g.drawString(w, x, y);
          x += ww;
        }
      }
      y += 18;
    }
  }

  private static String capitalized(Random rnd, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      String w = WORDS[rnd.nextInt(WORDS.length)];
      sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w).append(' ');
    }
    return sb.toString().trim();
  }

  /** A smooth gradient with mild per-pixel noise: the one area that compresses like a photo. */
  private static void photo(Graphics2D g, BufferedImage img, Rectangle r, Random rnd) {
    g.setPaint(new GradientPaint(r.x, r.y, new Color(0x87a9d6), r.x + r.width, r.y + r.height,
        new Color(0x3c6e47)));
    g.fillRect(r.x, r.y, r.width, r.height);
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int x = r.x; x < r.x + r.width; x++) {
        int rgb = img.getRGB(x, y);
        int n = rnd.nextInt(13) - 6;
        int red = clamp(((rgb >> 16) & 0xff) + n);
        int green = clamp(((rgb >> 8) & 0xff) + n);
        int blue = clamp((rgb & 0xff) + rnd.nextInt(7) - 3);
        img.setRGB(x, y, (red << 16) | (green << 8) | blue);
      }
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

}
