package io.screentrail.bench.redact;

import io.screentrail.internal.RectList;
import io.screentrail.redact.LineReader;
import io.screentrail.redact.OcrLine;
import io.screentrail.redact.TextLineFinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Reads exported frames with the engine's own OCR and reports every line in which a planted
 * value is still legible: for {@code benchmarks/run-leak-probe.sh}, whose terminal prints
 * {@code userN pays with card 4111 1111 1111 1111 mail jane.doeN@example.com ok}. A value counts
 * as legible when a piece of it is read (spaces ignored, case folded): four digits of the card,
 * or a part of the address such as {@code doe} or {@code xamp}. The label words around them
 * ({@code pays with card}, {@code mail}, {@code ok}) never match.
 *
 * <p>With {@code --values FILE} (the page scene: one {@code kind<TAB>value} a line, see {@code
 * benchmarks/leak-page.py}) a line counts when it holds enough of a listed value, by its kind
 * ({@link PlantedValues}); with {@code --text} as well, the arguments are another reader's text
 * (the {@code tesseract} command's output, one file a frame) rather than images.
 *
 * <p>Usage: {@code LeakProbe [--values FILE [--text]] FRAME...}; prints one line per legible
 * value and a summary, and exits 1 when anything was legible. {@code LeakProbe --upscale DIR
 * FRAME...} writes the frames enlarged twice into DIR (for the {@code tesseract} command).
 */
public final class LeakProbe {

  private LeakProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("--upscale")) {
      upscale(Path.of(args[1]), Arrays.copyOfRange(args, 2, args.length));
      return;
    }
    PlantedValues planted = null;
    boolean texts = false;
    int first = 0;
    if (args.length >= 2 && args[0].equals("--values")) {
      planted = PlantedValues.load(Path.of(args[1]));
      first = 2;
      if (args.length > 2 && args[2].equals("--text")) {
        texts = true;
        first = 3;
      }
    }
    String[] paths = Arrays.copyOfRange(args, first, args.length);
    if (texts) {
      readTexts(planted, paths);
      return;
    }
    int frames = 0;
    int legible = 0;
    try (TextLineFinder finder = new TextLineFinder();
        LineReader reader = new LineReader(2, 10_000)) {
      for (String path : paths) {
        Mat image = opencv_imgcodecs.imread(path);
        if (image.empty()) {
          System.err.println("LeakProbe: cannot read " + path);
          System.exit(2);
        }
        frames++;
        RectList lines = new RectList(256);
        finder.find(image, 0, 0, image.cols(), image.rows(), lines);
        OcrLine[] read = new OcrLine[lines.size()];
        reader.read(image, lines, read, System.nanoTime() + 120_000_000_000L);
        for (int i = 0; i < read.length; i++) {
          String text = read[i] == null ? "" : read[i].text();
          String value = planted == null ? legibleValue(text) : planted.legible(text);
          if (value != null) {
            legible++;
            System.out.printf("LEGIBLE %s y=%d %s in |%s|%n", path.replaceAll(".*/", ""),
                lines.y(i), value, text);
          }
        }
        image.close();
      }
    }
    System.out.printf("%d frames read, %d lines with a legible value%n", frames, legible);
    System.exit(legible > 0 ? 1 : 0);
  }

  /** Writes each frame enlarged twice (cubic) into {@code dir}, for another OCR to read. */
  private static void upscale(Path dir, String[] paths) {
    for (String path : paths) {
      Mat image = opencv_imgcodecs.imread(path);
      try (Mat big = new Mat(); Size none = new Size()) {
        opencv_imgproc.resize(image, big, none, 2, 2, opencv_imgproc.INTER_CUBIC);
        opencv_imgcodecs.imwrite(dir.resolve(Path.of(path).getFileName()).toString(), big);
      }
      image.close();
    }
  }

  /** Checks each text file (one frame's reading by another OCR, tokens in any layout) whole. */
  private static void readTexts(PlantedValues planted, String[] paths) throws IOException {
    int legible = 0;
    for (String path : paths) {
      String text = Files.readString(Path.of(path)).replaceAll("\\s+", " ").trim();
      String value = planted.legible(text);
      if (value != null) {
        legible++;
        System.out.printf("LEGIBLE %s %s%n", path.replaceAll(".*/", ""), value);
      }
    }
    System.out.printf("%d texts read, %d with a legible value%n", paths.length, legible);
    System.exit(legible > 0 ? 1 : 0);
  }

  /** The first piece of a planted value legible in {@code text}, or null. */
  static String legibleValue(String text) {
    String t = text.replace(" ", "").toLowerCase(Locale.ROOT);
    for (String piece : PIECES) {
      if (t.contains(piece)) {
        return piece;
      }
    }
    return null;
  }

  /**
   * Pieces of the planted values, normalised as {@link #legibleValue} reads: what OCR reads of an
   * address a person can read even when it gets a letter wrong ({@code iane.doekO0shidexamole.com}
   * for {@code jane.doe6034@example.com} under a neighbour's box), and of a card number. The
   * label words around them and the reading of a blurred box hold none of them.
   */
  private static final List<String> PIECES =
      List.of("1111", "4111", "jane", "ane.d", ".doe", "doe", "xamp", "ampl", "mple", "le.co");
}
