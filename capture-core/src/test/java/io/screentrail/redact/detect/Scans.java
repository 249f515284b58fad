package io.screentrail.redact.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs a detector over test lines and renders its findings as text, for readable assertions. */
final class Scans {

  private Scans() {}

  /** The text each finding covers, in reading order. */
  static List<String> values(Detector detector, String... lines) {
    List<String> in = Arrays.asList(lines);
    List<String> values = new ArrayList<>();
    for (Finding f : Detectors.merge(find(detector, in))) {
      values.add(in.get(f.line()).substring(f.start(), f.end()));
    }
    return values;
  }

  /** Each finding as {@code line:text}, in reading order. */
  static List<String> located(Detector detector, String... lines) {
    List<String> in = Arrays.asList(lines);
    return render(in, Detectors.merge(find(detector, in)));
  }

  /** Each finding of the merged default scan as {@code detectorId line:text}. */
  static List<String> scan(String... lines) {
    List<String> in = Arrays.asList(lines);
    List<String> out = new ArrayList<>();
    for (Finding f : Detectors.scan(in)) {
      String value = in.get(f.line()).substring(f.start(), f.end());
      out.add(f.detectorId() + " " + f.line() + ":" + value);
    }
    return out;
  }

  /** Runs {@code detector}, checking its contract: findings of one detector never overlap. */
  private static List<Finding> find(Detector detector, List<String> lines) {
    List<Finding> out = new ArrayList<>();
    detector.find(lines, out);
    for (int i = 0; i < out.size(); i++) {
      for (int j = i + 1; j < out.size(); j++) {
        if (out.get(i).overlaps(out.get(j))) {
          throw new AssertionError(detector.id() + " reported overlapping findings "
              + out.get(i) + " and " + out.get(j));
        }
      }
    }
    return out;
  }

  private static List<String> render(List<String> lines, List<Finding> findings) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      out.add(f.line() + ":" + lines.get(f.line()).substring(f.start(), f.end()));
    }
    return out;
  }
}
