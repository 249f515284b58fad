package io.screentrail.cli;

import io.screentrail.RedactionMode;
import io.screentrail.internal.RectList;
import io.screentrail.redact.Redaction;
import io.screentrail.redact.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * {@code screentrail redact IN OUT} and {@code screentrail redact --in DIR --out DIR}: runs the
 * recorder's redaction (OCR, detectors, blur) on image files, for audits and for images captured
 * elsewhere. Prints what it hid per file (detector and box, never the text).
 */
final class RedactCommand {

  static final String HELP = """
      Usage: screentrail redact IN.png OUT.png
             screentrail redact --in DIR --out DIR

      Runs the same redaction as `record` on image files (PNG or JPEG): finds text lines,
      reads them with Tesseract, and hides what the detectors find (cards, IBANs, e-mails,
      phones, national IDs, keys and tokens, passwords...) and any line it cannot read with
      confidence. Output files get the same names; the output folder must be new or empty.

        --in DIR              folder of images to redact
        --out DIR             where the redacted images go
        --mode blur|pixelate  how text is hidden (default blur)
        --min-confidence N    lines read with a lower confidence (0-100) are hidden (default 35)

      Prints, per file, the number of text lines, what was hidden (detector, category and
      box, never the text) and the time, then the totals. Each file comes out as it would
      alone, whatever the other files. Exit 0 when every file was redacted, 1 when one could
      not be read or written (the others are still done), 2 on a usage error.
      """;

  private RedactCommand() {}

  static int run(List<String> argv, Cli cli) throws UsageException, EnvironmentException {
    Args args = Args.parse("redact", argv, List.of("--in", "--out", "--mode", "--min-confidence"),
        List.of(), 2);
    if (args.help()) {
      cli.out().print(HELP);
      return Main.OK;
    }
    RedactionMode mode = RedactionMode.parse(args.choice("--mode", "blur", "blur", "pixelate"));
    int confidence = args.integer("--min-confidence", 35, 0, 100);
    List<Path[]> jobs = new ArrayList<>();
    if (args.has("--in") || args.has("--out")) {
      Path in = Path.of(args.required("--in", "the folder of images to redact"));
      Path out = Path.of(args.required("--out", "the folder for the redacted images"));
      if (!Files.isDirectory(in)) {
        throw new UsageException("--in " + in + " is not a folder");
      }
      requireEmpty(out);
      try (Stream<Path> files = Files.list(in)) {
        for (Path f : files.sorted().toList()) {
          String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
          if (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            jobs.add(new Path[] {f, out.resolve(f.getFileName())});
          }
        }
      } catch (IOException e) {
        throw new UsageException("cannot list --in " + in + ": " + e.getMessage());
      }
      if (jobs.isEmpty()) {
        throw new UsageException("--in " + in + " holds no .png or .jpg images");
      }
      try {
        Files.createDirectories(out);
      } catch (IOException e) {
        throw new UsageException("cannot create --out " + out + ": " + e.getMessage());
      }
    } else {
      Path in = Path.of(args.positional(0, "the image to redact: screentrail redact IN OUT"));
      Path out = Path.of(args.positional(1, "where to write it: screentrail redact IN OUT"));
      if (!Files.isRegularFile(in)) {
        throw new UsageException(in + " is not a file");
      }
      if (Files.exists(out)) {
        throw new UsageException(out + " exists already: give a new file name");
      }
      jobs.add(new Path[] {in, out});
    }

    int failures = 0;
    int done = 0;
    int hidden = 0;
    int unreadable = 0;
    long nanos = 0;
    Redactor redactor;
    try {
      redactor = new Redactor(mode, confidence, Math.max(1,
          Math.min(4, Runtime.getRuntime().availableProcessors())), 50_000);
    } catch (IllegalStateException e) {
      throw new EnvironmentException(e.getMessage());
    }
    try (redactor) {
      for (Path[] job : jobs) {
        try (Mat img = opencv_imgcodecs.imread(job[0].toString())) {
          if (img == null || img.empty()) {
            cli.message(job[0] + ": not an image OpenCV can read; skipped");
            failures++;
            continue;
          }
          RectList whole = new RectList(1);
          whole.add(0, 0, img.cols(), img.rows());
          redactor.forgetHistory(); // images are unrelated: each as if it were the only one
          Redaction r = redactor.redact(img, whole, System.nanoTime() + 120_000_000_000L, true);
          if (!opencv_imgcodecs.imwrite(job[1].toString(), img)) {
            cli.message(job[1] + ": could not be written");
            failures++;
            continue;
          }
          cli.out().println(job[0].getFileName() + ": " + r.lines() + " text lines, "
              + r.boxes().size() + " hidden (" + r.unreadable() + " unreadable) in "
              + r.nanos() / 1_000_000 + " ms -> " + job[1]);
          for (Redaction.Box b : r.boxes()) {
            cli.out().println("  " + b.detector() + (b.category() == null ? ""
                : " " + b.category()) + " at " + b.x() + "," + b.y() + " " + b.width() + "x"
                + b.height());
          }
          done++;
          hidden += r.boxes().size();
          unreadable += r.unreadable();
          nanos += r.nanos();
        }
      }
    }
    if (jobs.size() > 1) {
      cli.out().println(done + " of " + jobs.size() + " files redacted, " + hidden
          + " boxes hidden (" + unreadable + " unreadable) in " + nanos / 1_000_000 + " ms"
          + (failures == 0 ? "" : "; " + failures + " failed (see above)"));
    }
    return failures == 0 ? Main.OK : Main.FAILED;
  }

  private static void requireEmpty(Path out) throws UsageException {
    if (!Files.exists(out)) {
      return;
    }
    try (Stream<Path> s = Files.list(out)) {
      if (s.findAny().isPresent()) {
        throw new UsageException("--out " + out + " is not empty: give a new or empty folder");
      }
    } catch (IOException e) {
      throw new UsageException("--out " + out + " cannot be listed: " + e.getMessage());
    }
  }
}
