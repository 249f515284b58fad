package io.screentrail.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.screentrail.CaptureEngine;
import io.screentrail.RedactionMode;
import io.screentrail.input.InputSink;
import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionReader;
import io.screentrail.testing.XvfbServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy that masks all typing, with input from the embedding API: every run is stored as its
 * length and timing, printable keys lose their names, special keys keep them, and input given
 * while paused is not stored.
 */
class MaskAllTypingEngineTest {

  @TempDir Path tmp;

  @Test
  void everyRunIsMaskedAndPausedInputIsDropped() throws Exception {
    assumeTrue(XvfbServer.available(), "needs Xvfb");
    XvfbServer x = XvfbServer.shared();
    Path dir = tmp.resolve("session");
    try (CaptureEngine engine = CaptureEngine.builder().sessionDirectory(dir)
        .display(x.display()).fps(2).redaction(RedactionMode.OFF)
        .policy(Policy.builder().maskAllTyping(true).build()).build()) {
      engine.start();
      InputSink in = engine.input();
      type(in, "abc");
      in.keyPressed("enter", 0);
      in.keyTyped('\r');
      in.keyReleased("enter", 0);
      Thread.sleep(700);
      engine.pause();
      Thread.sleep(100);
      type(in, "zz");
      Thread.sleep(100);
      engine.resume();
      Thread.sleep(700);
    }
    List<JsonObject> bodies = new ArrayList<>();
    try (SessionReader reader = SessionReader.open(dir)) {
      reader.scan(r -> bodies.add(r.body()));
    }
    JsonObject run = bodies.stream().filter(b -> "type".equals(b.optString("action", null)))
        .findFirst().orElseThrow();
    assertThat(run.getBoolean("masked")).isTrue();
    assertThat(run.getLong("length")).isEqualTo(3);
    assertThat(run.has("text")).isFalse();
    List<JsonObject> keys = bodies.stream().filter(b -> "event".equals(b.optString("type", null))
        && b.getString("kind").startsWith("key")).toList();
    assertThat(keys).hasSize(9 + 3); // a, b, c and enter: down, typed, up each
    assertThat(keys).allMatch(b -> !b.has("char"));
    assertThat(keys).filteredOn(b -> !b.has("key"))
        .hasSize(3 * 2 + 4) // printable downs and ups, every typed character
        .allMatch(b -> b.getBoolean("masked"));
    assertThat(keys.stream().filter(b -> b.has("key")).map(b -> b.getString("key")))
        .containsOnly("enter");
  }

  private static void type(InputSink in, String text) {
    for (char c : text.toCharArray()) {
      String key = String.valueOf(c);
      in.keyPressed(key, 0);
      in.keyTyped(c);
      in.keyReleased(key, 0);
    }
  }
}
