package io.screentrail.redact.detect;

import java.util.List;

/**
 * Base of the detectors whose values sit within one line. Subclasses implement {@link #scan}
 * for one string; this class runs it on every line and, when asked, on the seam between each
 * line and the next, so that a value the screen wrapped onto two lines is still found.
 *
 * <p>At a seam the tail of line {@code i} (right-trimmed) is joined to the head of line {@code
 * i + 1} (left-trimmed) without a separator ({@link #JOIN_TIGHT}: a token cut at the line end)
 * and with one space ({@link #JOIN_SPACED}: a card number whose digit groups continue on the next
 * line). Only a match crossing the seam counts; it becomes two findings, one per line. It is
 * dropped where it would overlap a finding this detector already made on either line: a value
 * that is complete at the end of a line is taken as ending there, rather than swallowing the
 * first word of the next line. A value wrapped over three or more lines is found on the first
 * two only, unless the detector follows it further itself ({@link #findOverLines}, as JWTs do).
 */
abstract class LineDetector implements Detector {

  /** Join a line's last token to the next line's first token, no separator. */
  static final int JOIN_TIGHT = 1;
  /** Join a line's tail to the next line's head with one space. */
  static final int JOIN_SPACED = 2;
  /**
   * Join a line ending in a hyphen to the next line's head with no separator, taking the same
   * window as {@link #JOIN_SPACED} on each side: text wrapped where a value breaks at its own
   * hyphen ({@code 555-} then {@code 0147}), as browsers wrap prose.
   */
  static final int JOIN_HYPHEN = 4;

  /** Receives the matches {@link #scan} reports, as ranges of the scanned string. */
  interface Hits {
    void add(int start, int end, String detectorId);
  }

  private final String id;
  private final Category category;
  private final int joins;
  private final int spacedWindow;

  /**
   * @param joins {@code 0}, or any of {@link #JOIN_TIGHT}, {@link #JOIN_SPACED} and {@link
   *     #JOIN_HYPHEN}
   * @param spacedWindow characters taken from each side of the seam for {@link #JOIN_SPACED}
   *     and {@link #JOIN_HYPHEN}, widened to whole tokens: the longest value with spaces this
   *     detector finds
   */
  LineDetector(String id, Category category, int joins, int spacedWindow) {
    this.id = id;
    this.category = category;
    this.joins = joins;
    this.spacedWindow = spacedWindow;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final Category category() {
    return category;
  }

  /**
   * Reports each match in {@code text}; matches must not overlap each other, in any order.
   *
   * @param text one line, or the two sides of a seam joined
   * @param previous context for detectors that accept a label near the value: the line above
   *     {@code text} ({@code ""} for the first), or for a seam the whole line the value starts on
   */
  abstract void scan(String text, String previous, Hits hits);

  /**
   * A cheap test before a seam is joined and scanned: whether a value of this detector could run
   * from {@code a[tailStart, aEnd)}, the end of a line, into {@code b[bStart, headEnd)}, the start
   * of the next. Most seams are between ordinary words; answering no spares building and scanning
   * the joined string. By default every seam is scanned.
   */
  boolean maySpanSeam(String a, int tailStart, int aEnd, String b, int bStart, int headEnd) {
    return true;
  }

  /**
   * Adds findings of values wrapped over three or more lines, which the seams between pairs of
   * lines do not find; by default none. Findings may overlap the seams' (they are merged).
   */
  void findOverLines(List<String> lines, List<Finding> out) {}

  @Override
  public final void find(List<String> lines, List<Finding> out) {
    int n = lines.size();
    Collector collector = new Collector(out);
    int[] firstStart = joins == 0 ? null : new int[n];
    int[] lastEnd = joins == 0 ? null : new int[n];
    String previous = "";
    ScanMemo memo = this.memo.get();
    for (int i = 0; i < n; i++) {
      String line = lines.get(i);
      collector.begin(i);
      memo.scan(this, line, previous, collector);
      if (joins != 0) {
        firstStart[i] = collector.firstStart;
        lastEnd[i] = collector.lastEnd;
      }
      previous = line;
    }
    findOverLines(lines, out);
    if (joins == 0 || n < 2) {
      return;
    }
    Seam seam = new Seam();
    int claimedOnLine = -1; // end of the previous seam's finding on line i, if it left one
    for (int i = 0; i + 1 < n; i++) {
      String a = lines.get(i);
      String b = lines.get(i + 1);
      int leftFrom = claimedOnLine;
      claimedOnLine = -1;
      int aEnd = trimmedEnd(a);
      int bStart = trimmedStart(b);
      if (aEnd == 0 || bStart == b.length()) {
        continue;
      }
      int found = -1;
      int aClaimed = Math.max(lastEnd[i], leftFrom);
      if ((joins & JOIN_TIGHT) != 0) {
        found = seam.scan(this, a, aEnd, b, bStart, JOIN_TIGHT, out, i, aClaimed,
            firstStart[i + 1]);
      }
      if (found < 0 && (joins & JOIN_HYPHEN) != 0 && a.charAt(aEnd - 1) == '-') {
        found = seam.scan(this, a, aEnd, b, bStart, JOIN_HYPHEN, out, i, aClaimed,
            firstStart[i + 1]);
      }
      if (found < 0 && (joins & JOIN_SPACED) != 0) {
        found = seam.scan(this, a, aEnd, b, bStart, JOIN_SPACED, out, i, aClaimed,
            firstStart[i + 1]);
      }
      claimedOnLine = found;
    }
  }

  /**
   * Lines this detector scanned lately on this thread, with the hits each gave: {@link #scan} is
   * a function of its line and the line above only, and rows are met again (a screen redacted
   * again, the rows just above a change that were new in the frame before). Bounded to {@link
   * #MEMO_LINES} pairs, least recently used out first.
   */
  private final ThreadLocal<ScanMemo> memo = ThreadLocal.withInitial(ScanMemo::new);

  /** Line pairs remembered per detector and thread: a few screens of rows. */
  static final int MEMO_LINES = 512;

  private record MemoKey(String line, String previous) {}

  private record Hit(int start, int end, String detectorId) {}

  private static final Hit[] NO_HITS = new Hit[0];

  /** The hits of {@link #scan} for recent lines, replayed in the order scan gave them. */
  private static final class ScanMemo implements Hits {
    private final java.util.LinkedHashMap<MemoKey, Hit[]> lines =
        new java.util.LinkedHashMap<>(64, 0.75f, true);
    private final List<Hit> recording = new java.util.ArrayList<>();

    void scan(LineDetector detector, String line, String previous, Hits out) {
      MemoKey key = new MemoKey(line, previous);
      Hit[] hits = lines.get(key);
      if (hits == null) {
        recording.clear();
        detector.scan(line, previous, this);
        hits = recording.isEmpty() ? NO_HITS : recording.toArray(NO_HITS);
        lines.put(key, hits);
        if (lines.size() > MEMO_LINES) {
          java.util.Iterator<Hit[]> eldest = lines.values().iterator();
          eldest.next();
          eldest.remove();
        }
      }
      for (Hit h : hits) {
        out.add(h.start(), h.end(), h.detectorId());
      }
    }

    @Override
    public void add(int start, int end, String detectorId) {
      recording.add(new Hit(start, end, detectorId));
    }
  }

  /** Collects one line's hits as findings and remembers the extent they cover. */
  private final class Collector implements Hits {
    private final List<Finding> out;
    private int line;
    int firstStart;
    int lastEnd;

    Collector(List<Finding> out) {
      this.out = out;
    }

    void begin(int line) {
      this.line = line;
      firstStart = Integer.MAX_VALUE;
      lastEnd = -1;
    }

    @Override
    public void add(int start, int end, String detectorId) {
      if (end <= start) {
        return;
      }
      out.add(new Finding(detectorId, category, line, start, end));
      firstStart = Math.min(firstStart, start);
      lastEnd = Math.max(lastEnd, end);
    }
  }

  /** Scans the join of two lines and maps the matches that cross the seam back to both lines. */
  private final class Seam implements Hits {
    private final StringBuilder joined = new StringBuilder(128);
    private int seamAt;
    private int headAt;
    private int bestStart;
    private int bestEnd;
    private String bestId;

    /**
     * @param aClaimed end of the last finding already on line a ({@code -1} if none)
     * @param bClaimed start of the first finding already on line b ({@code MAX_VALUE} if none)
     * @return end of the finding left on line b, or {@code -1} if the seam gave none
     */
    int scan(LineDetector detector, String a, int aEnd, String b, int bStart, int join,
        List<Finding> out, int line, int aClaimed, int bClaimed) {
      boolean spaced = join == JOIN_SPACED;
      int tailStart;
      int headEnd;
      if (join != JOIN_TIGHT) {
        tailStart = tokenStartAtOrBefore(a, Math.max(0, aEnd - spacedWindow));
        headEnd = tokenEndAtOrAfter(b, Math.min(b.length(), bStart + spacedWindow));
      } else {
        tailStart = tokenStartAtOrBefore(a, aEnd - 1);
        headEnd = tokenEndAtOrAfter(b, bStart);
      }
      if (!detector.maySpanSeam(a, tailStart, aEnd, b, bStart, headEnd)) {
        return -1;
      }
      joined.setLength(0);
      joined.append(a, tailStart, aEnd);
      seamAt = joined.length();
      if (spaced) {
        joined.append(' ');
      }
      headAt = joined.length();
      joined.append(b, bStart, headEnd);
      bestId = null;
      // Context for the joined value is the line it starts on.
      detector.scan(joined.toString(), a, this);
      if (bestId == null) {
        return -1;
      }
      int aFrom = tailStart + bestStart;
      int bTo = bStart + (bestEnd - headAt);
      if (aFrom < aClaimed || bTo > bClaimed) {
        return -1; // already (partly) found on its own line: not a wrapped value
      }
      out.add(new Finding(bestId, category, line, aFrom, aEnd));
      out.add(new Finding(bestId, category, line + 1, bStart, bTo));
      return bTo;
    }

    @Override
    public void add(int start, int end, String detectorId) {
      if (bestId == null && start < seamAt && end > headAt) {
        bestStart = start;
        bestEnd = end;
        bestId = detectorId;
      }
    }
  }

  /** Start of the whitespace-delimited token containing {@code i} (or {@code i} if blank). */
  private static int tokenStartAtOrBefore(String s, int i) {
    while (i > 0 && !Character.isWhitespace(s.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /** End of the whitespace-delimited token containing or starting at {@code i}. */
  private static int tokenEndAtOrAfter(String s, int i) {
    int n = s.length();
    while (i < n && !Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static int trimmedEnd(String s) {
    int end = s.length();
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  static int trimmedStart(String s) {
    int start = 0;
    int n = s.length();
    while (start < n && Character.isWhitespace(s.charAt(start))) {
      start++;
    }
    return start;
  }
}
