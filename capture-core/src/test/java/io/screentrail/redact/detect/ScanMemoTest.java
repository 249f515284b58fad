package io.screentrail.redact.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Lines scanned again are answered from each detector's memo of recent lines: the findings are
 * exactly those of a first scan, including where a detector reads the line above for a label.
 */
class ScanMemoTest {

  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  /** The value alone on its line, after a line naming it: found by its label above. */
  private static final List<String> LABELLED = List.of(
      "aws_secret_access_key", SECRET, "SSN", "078-05-1120", "mail jane.doe@example.com");

  /** The same value lines after other lines: no label above them. */
  private static final List<String> UNLABELLED = List.of(
      "build finished in 3.2 s", SECRET, "Weather", "078-05-1120", "mail jane.doe@example.com");

  @Test
  void aLineScannedAgainGivesTheFindingsOfAFirstScan() throws Exception {
    List<Finding> labelledFresh = onFreshThread(LABELLED);
    List<Finding> unlabelledFresh = onFreshThread(UNLABELLED);
    // The label above matters, or this test would not tell a memo keyed by the line alone.
    assertThat(labelledFresh).isNotEqualTo(unlabelledFresh);

    List<Finding> labelled = Detectors.scan(LABELLED);
    List<Finding> unlabelled = Detectors.scan(UNLABELLED);
    List<Finding> labelledAgain = Detectors.scan(LABELLED);
    assertThat(labelled).isEqualTo(labelledFresh);
    assertThat(unlabelled).isEqualTo(unlabelledFresh);
    assertThat(labelledAgain).isEqualTo(labelledFresh);
  }

  @Test
  void moreLinesThanTheMemoHoldsAreScannedAsOnce() throws Exception {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 3 * LineDetector.MEMO_LINES; i++) {
      many.add(i % 7 == 0 ? "card 4111 1111 1111 1111 row " + i : "row " + i + " of the log");
    }
    List<Finding> fresh = onFreshThread(many);
    assertThat(fresh).isNotEmpty();
    assertThat(Detectors.scan(many)).isEqualTo(fresh);
    assertThat(Detectors.scan(many)).isEqualTo(fresh);
  }

  /** The findings on a thread of its own, whose memos are empty. */
  private static List<Finding> onFreshThread(List<String> lines) throws InterruptedException {
    AtomicReference<List<Finding>> out = new AtomicReference<>();
    Thread t = new Thread(() -> out.set(Detectors.scan(lines)));
    t.start();
    t.join();
    return out.get();
  }
}
