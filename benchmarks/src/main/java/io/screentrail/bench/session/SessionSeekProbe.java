package io.screentrail.bench.session;

import io.screentrail.session.SessionReader;
import io.screentrail.session.TimelineRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reader that seeks pays for the distance between keyframes: the CPU the Java reader
 * ({@link SessionReader#replay(List, io.screentrail.session.FrameVisitor, List)}) spends to rebuild
 * the k-th frame after a keyframe, for every k of the session's longest run of delta frames.
 *
 * <p>Random access to frame k means decoding the keyframe before it and applying every delta in
 * between, so the cost grows by one delta per stored frame: at 1 fps a keyframe every 60 s puts a
 * frame at most 60 deltas from its keyframe, one every 300 s at most 300. It prints the keyframe's
 * cost, the cost per delta (the slope over the run) and the last frame's cost; the run is replayed
 * {@code REPEAT} times and the cheapest time of each frame is kept.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.screentrail.bench.session.SessionSeekProbe SESSION_DIR
 * </pre>
 */
public final class SessionSeekProbe {

  private static final int REPEAT = 7;

  private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

  private SessionSeekProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: SessionSeekProbe SESSION_DIR");
      System.exit(2);
    }
    try (SessionReader reader = SessionReader.open(Path.of(args[0]))) {
      List<TimelineRecord> frames = new ArrayList<>();
      reader.scan(r -> {
        if ("frame".equals(r.type())) {
          frames.add(r);
        }
      });
      // The longest run: a keyframe and the deltas after it.
      int bestStart = -1;
      int bestLength = 0;
      for (int i = 0; i < frames.size(); i++) {
        if (!frames.get(i).body().optBoolean("key", false)) {
          continue;
        }
        int end = i + 1;
        while (end < frames.size() && !frames.get(end).body().optBoolean("key", false)) {
          end++;
        }
        if (end - i > bestLength) {
          bestStart = i;
          bestLength = end - i;
        }
      }
      if (bestStart < 0) {
        System.err.println("no keyframe in " + args[0]);
        System.exit(1);
      }
      List<TimelineRecord> run = frames.subList(bestStart, bestStart + bestLength);
      long[] best = new long[bestLength];
      java.util.Arrays.fill(best, Long.MAX_VALUE);
      List<String> problems = new ArrayList<>();
      for (int rep = 0; rep < REPEAT; rep++) {
        long[] at = new long[bestLength];
        int[] k = {0};
        long t0 = THREAD.getCurrentThreadCpuTime();
        reader.replay(run, frame -> at[k[0]++] = THREAD.getCurrentThreadCpuTime() - t0, problems);
        for (int i = 0; i < bestLength; i++) {
          best[i] = Math.min(best[i], at[i]);
        }
      }
      if (!problems.isEmpty()) {
        System.err.println("problems: " + problems);
      }
      double perDelta = bestLength > 1
          ? (best[bestLength - 1] - best[0]) / 1e6 / (bestLength - 1) : 0;
      System.out.printf("session %s: run of %d frames from frame #%d (a keyframe)%n", args[0],
          bestLength, bestStart);
      System.out.printf("keyframe: %.1f ms CPU; per delta: %.2f ms; last frame of the run (%d"
          + " deltas): %.1f ms%n", best[0] / 1e6, perDelta, bestLength - 1,
          best[bestLength - 1] / 1e6);
      for (int d : new int[] {60, 120, 300}) {
        System.out.printf("a frame %d deltas after its keyframe: about %.0f ms%n", d,
            best[0] / 1e6 + d * perDelta);
      }
    }
  }
}
