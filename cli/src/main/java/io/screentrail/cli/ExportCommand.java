package io.screentrail.cli;

import io.screentrail.ImageFormat;
import io.screentrail.session.FrameView;
import io.screentrail.session.SessionCheck;
import io.screentrail.session.SessionException;
import io.screentrail.session.SessionReader;
import io.screentrail.session.TrajectoryExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code screentrail export DIR --format frames|trajectory --out ...}: rebuilds every stored frame
 * of a session as a whole image, named so that a plain sort of the file names is time order; or
 * writes the session's actions as a JSONL trajectory with the frames before and after each.
 */
final class ExportCommand {

  static final String HELP = """
      Usage: screentrail export DIR --format frames --out DIR2 [--image-format png|jpeg]
             screentrail export DIR --format trajectory --out FILE.jsonl [--image-format ...]

      --format frames writes every stored frame of the session DIR as a whole image into DIR2
      (new or empty), named frame-<sequence>-t<milliseconds since the start>ms.png,
      zero-padded so that the names sort in time order.

      --format trajectory writes one JSON line per action of the session (click, double_click,
      right_click, drag, scroll, type, key, hotkey, ...) to FILE.jsonl: the action with its
      pixel and normalized coordinates, keys or text, the screen before it and after it as
      image paths, times and settle time, and the focused application and window title. The
      images go into FILE_frames/ beside the file, once each. Sessions recorded with --input
      off have no actions.

        --format frames|trajectory
                               what to export (required)
        --out PATH             frames: the directory to create for the images; trajectory:
                               the .jsonl file to create (required; never overwritten)
        --image-format png|jpeg
                               image file format (default png, lossless)
      """ + StorageFlags.KEY_HELP + """

      Examples: screentrail export session --format frames --out session-frames
                screentrail export session --format trajectory --out session.jsonl

      Exit codes: 0 exported, 1 the session is damaged (what could be read is exported; the
      problems are listed), 2 usage error or not a session (or an encrypted one without
      its key).
      """;

  private static final List<String> VALUE_FLAGS = List.of("--format", "--out", "--image-format",
      "--key-file", "--key-env");

  private ExportCommand() {}

  static int run(List<String> argv, Cli cli) throws UsageException {
    Args args = Args.parse("export", argv, VALUE_FLAGS, List.of(), 1);
    if (args.help()) {
      cli.out().print(HELP);
      return Main.OK;
    }
    Path dir = Path.of(args.positional(0, "the session directory: screentrail export DIR"
        + " --format frames|trajectory --out PATH"));
    args.required("--format", "what to export: --format frames or --format trajectory");
    String kind = args.choice("--format", null, "frames", "trajectory");
    boolean trajectory = kind.equals("trajectory");
    Path out = Path.of(args.required("--out", trajectory
        ? "the trajectory file to write, such as --out session.jsonl"
        : "the directory to write the images to, such as --out frames"));
    ImageFormat imageFormat =
        ImageFormat.parse(args.choice("--image-format", "png", "png", "jpeg"));
    if (trajectory) {
      requireNewTrajectory(out);
    } else {
      Cli.requireNewOrEmpty(out, "--out", "Output directory", "an export never overwrites files");
    }

    io.screentrail.session.KeyProvider keys = StorageFlags.keys(args, cli);
    SessionReader reader;
    try {
      reader = SessionReader.open(dir, keys);
    } catch (SessionException e) {
      cli.message(e.getMessage());
      return Main.USAGE;
    }
    try (reader) {
      return trajectory ? exportTrajectory(reader, out, imageFormat, cli)
          : exportFrames(reader, out, imageFormat, cli);
    } catch (IOException e) {
      cli.message("export failed: " + e.getMessage() + " (what was written so far is in "
          + out + (trajectory ? " and " + framesFolder(out) : "") + ")");
      return Main.FAILED;
    }
  }

  private static int exportFrames(SessionReader reader, Path out, ImageFormat imageFormat,
      Cli cli) throws IOException {
    List<String> problems = new ArrayList<>();
    int[] size = new int[2];
    Files.createDirectories(out);
    long[] fallbackSequence = {0};
    long written = reader.replay(frame -> {
      frame.writeImage(out.resolve(fileName(frame, fallbackSequence[0]++, imageFormat)),
          imageFormat);
      size[0] = frame.width();
      size[1] = frame.height();
    }, problems);
    cli.out().println("Exported " + written + " frame" + (written == 1 ? "" : "s")
        + (written > 0 ? " (" + size[0] + "x" + size[1] + " " + imageFormat.id() + ")" : "")
        + " to " + out.toAbsolutePath().normalize());
    if (problems.isEmpty()) {
      cli.out().println("Problems: none");
      return Main.OK;
    }
    cli.out().println("Problems: " + problems.size() + " (those frames were not exported)");
    for (String p : problems) {
      cli.out().println("  - " + p);
    }
    return Main.FAILED;
  }

  /**
   * The trajectory: the session is checked first so that a damaged one exits 1, but whatever it
   * holds is still exported; an action without a frame on one side is a problem, not a failure
   * (the first action of a recording started mid-gesture has none before it).
   */
  private static int exportTrajectory(SessionReader reader, Path out, ImageFormat imageFormat,
      Cli cli) throws IOException {
    SessionCheck check = reader.check();
    TrajectoryExporter.Result r = TrajectoryExporter.export(reader, out, imageFormat);
    cli.out().println("Exported " + r.steps() + " step" + (r.steps() == 1 ? "" : "s") + " to "
        + out.toAbsolutePath().normalize());
    cli.out().println("Images   " + r.images() + " " + imageFormat.id() + " in "
        + framesFolder(out).toAbsolutePath().normalize());
    if (r.steps() == 0 && check.focusActions() > 0) {
      cli.out().println("(The session's only actions are " + check.focusActions() + " focus"
          + " change" + (check.focusActions() == 1 ? "" : "s") + ", which a trajectory leaves"
          + " out: nothing was clicked, typed or scrolled.)");
    } else if (r.steps() == 0) {
      cli.out().println("(The session has no actions: it was recorded with --input off, or"
          + " without global input, or nothing was clicked or typed.)");
    }
    List<String> problems = new ArrayList<>(check.problems());
    for (String p : r.problems()) {
      if (!problems.contains(p)) {
        problems.add(p);
      }
    }
    cli.out().println("Problems " + (problems.isEmpty() ? "none" : problems.size() + ":"));
    for (String p : problems) {
      cli.out().println("  - " + p);
    }
    if (!check.ok()) {
      cli.message("the session is damaged (" + check.problems().size() + " problem"
          + (check.problems().size() == 1 ? "" : "s") + "): the trajectory holds what could be"
          + " read");
      return Main.FAILED;
    }
    return Main.OK;
  }

  /** The image folder {@link TrajectoryExporter} writes beside {@code jsonl}: name_frames. */
  static Path framesFolder(Path jsonl) {
    return jsonl.toAbsolutePath().getParent()
        .resolve(TrajectoryExporter.framesFolderName(jsonl));
  }

  /** Refuses an existing trajectory file or a non-empty image folder before any work is done. */
  private static void requireNewTrajectory(Path out) throws UsageException {
    if (Files.isDirectory(out)) {
      throw new UsageException("--out " + out + " is a directory: give the .jsonl file to"
          + " create, such as --out " + Cli.shellWord(out.resolve("trajectory.jsonl")));
    }
    if (Files.exists(out)) {
      throw new UsageException("--out " + out + " already exists: give a new file name (an"
          + " export never overwrites files)");
    }
    Cli.requireNewOrEmpty(framesFolder(out), "--out", "The image folder", "the trajectory's"
        + " images go beside --out, and an export never overwrites files");
  }

  /**
   * {@code frame-000042-t000012345ms.png}: the stored sequence number, then the capture time in
   * milliseconds since the session started, both zero-padded so that names sort in time order.
   */
  static String fileName(FrameView frame, long fallbackSequence, ImageFormat format) {
    long seq = frame.sequence() >= 0 ? frame.sequence() : fallbackSequence;
    return "frame-" + pad(seq, 6) + "-t" + pad(frame.monoNanos() / 1_000_000L, 9) + "ms"
        + format.extension();
  }

  private static String pad(long n, int width) {
    String s = Long.toString(n);
    StringBuilder b = new StringBuilder(width);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(s).toString();
  }
}
