package io.screentrail.redact.detect;

import java.util.List;

/**
 * Finds one kind of sensitive value in the text lines OCR read from a changed screen region.
 *
 * <p>Implementations are immutable and thread-safe: one instance serves every OCR thread. They
 * compile their patterns once and keep per-call state on the stack, so a call costs roughly one
 * pass over the text; most lines are rejected by a cheap character check before any regex runs.
 */
public interface Detector {

  /** Stable identifier, also used as {@link Finding#detectorId()} unless a sub-kind is reported. */
  String id();

  /** Category of every finding this detector reports. */
  Category category();

  /**
   * Appends to {@code out} a finding for every sensitive value in {@code lines}, in line order.
   * Findings of one detector never overlap each other; different detectors may overlap, which
   * {@link Detectors#scan(List)} merges.
   *
   * @param lines OCR'd text lines, top to bottom, as read (with OCR's character confusions)
   * @param out receives the findings
   */
  void find(List<String> lines, List<Finding> out);
}
