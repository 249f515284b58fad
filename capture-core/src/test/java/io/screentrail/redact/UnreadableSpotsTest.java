package io.screentrail.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The spots' own rules, timed by a ticker the test moves: which lines become spots, which lines
 * lie in one, and how spots are re-read, forgotten and bounded. The redaction they serve is
 * tested on a real clock with real OCR in {@link UnreadableSpotsRedactionTest}.
 */
class UnreadableSpotsTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(5 * SECOND);
  private final UnreadableSpots spots = new UnreadableSpots(now::get);

  @Test
  void onlyLinesNotShapedLikeTextBecomeSpots() {
    // xclock's hands (measured: 136 x 32, 140 x 64), a terminal row, two terminal rows as one.
    assertThat(UnreadableSpots.spotShaped(136, 32)).isTrue();
    assertThat(UnreadableSpots.spotShaped(140, 64)).isTrue();
    assertThat(UnreadableSpots.spotShaped(168, 13)).isFalse();
    assertThat(UnreadableSpots.spotShaped(566, 26)).isFalse();
    spots.readAsNothing(0, 0, 566, 26, now.get());
    spots.readAsNothing(0, 40, 168, 13, now.get());
    assertThat(spots.size()).isZero();
    assertThat(spots.skip(0, 0, 566, 26, now.get())).isFalse();
  }

  @Test
  void aLineInsideTheGrownSpotOrHalfOverItIsSkippedAndOthersAreRead() {
    spots.readAsNothing(100, 100, 136, 32, now.get());
    assertThat(spots.skip(98, 97, 140, 36, now.get())).as("inside, grown by 4").isTrue();
    assertThat(spots.skip(100, 116, 136, 32, now.get())).as("half its area over").isTrue();
    assertThat(spots.skip(100, 117, 136, 32, now.get())).as("less than half over").isFalse();
    assertThat(spots.skip(100, 100, 400, 32, now.get())).as("a wide line across").isFalse();
    assertThat(spots.skip(400, 100, 136, 32, now.get())).as("elsewhere").isFalse();
  }

  @Test
  void everyEighthMeetingIsReadAndAReadAsNothingConfirmsTheSpot() {
    spots.readAsNothing(100, 100, 136, 32, now.get());
    for (int round = 0; round < 3; round++) {
      for (int i = 1; i < UnreadableSpots.REREAD_EVERY; i++) {
        assertThat(spots.skip(100, 100, 136, 32, now.get())).as("meeting %s", i).isTrue();
      }
      assertThat(spots.skip(100, 100, 136, 32, now.get())).as("the 8th meeting").isFalse();
      spots.readAsNothing(100, 102, 136, 32, now.get());
      assertThat(spots.size()).as("followed, not doubled").isEqualTo(1);
    }
  }

  @Test
  void aSpotReadAsTextIsForgottenAtOnce() {
    spots.readAsNothing(100, 100, 136, 32, now.get());
    spots.readAsText(104, 108, 100, 14);
    assertThat(spots.size()).isZero();
    assertThat(spots.skip(100, 100, 136, 32, now.get())).isFalse();
  }

  @Test
  void clearingForgetsEverySpot() {
    spots.readAsNothing(100, 100, 136, 32, now.get());
    spots.readAsNothing(300, 100, 136, 32, now.get());
    spots.clear();
    assertThat(spots.size()).isZero();
    assertThat(spots.skip(100, 100, 136, 32, now.get())).isFalse();
  }

  @Test
  void aSpotNotConfirmedForTwentySecondsIsForgotten() {
    spots.readAsNothing(100, 100, 136, 32, now.get());
    now.addAndGet(UnreadableSpots.FORGET_NANOS);
    assertThat(spots.skip(100, 100, 136, 32, now.get())).isTrue();
    now.addAndGet(1);
    assertThat(spots.skip(100, 100, 136, 32, now.get())).isFalse();
    assertThat(spots.size()).isZero();
  }

  @Test
  void spotsAreBoundedAndTheLeastRecentlyMetMakesRoom() {
    for (int i = 0; i < UnreadableSpots.MAX_SPOTS; i++) {
      now.addAndGet(1);
      spots.readAsNothing(i * 50, 0, 40, 40, now.get());
    }
    // The first spot is met, so the second is now the least recently used.
    assertThat(spots.skip(0, 0, 40, 40, now.addAndGet(1))).isTrue();
    spots.readAsNothing(0, 500, 40, 40, now.addAndGet(1));
    assertThat(spots.size()).isEqualTo(UnreadableSpots.MAX_SPOTS);
    assertThat(spots.skip(0, 500, 40, 40, now.get())).isTrue();
    assertThat(spots.skip(0, 0, 40, 40, now.get())).isTrue();
    assertThat(spots.skip(50, 0, 40, 40, now.get())).isFalse();
  }
}
