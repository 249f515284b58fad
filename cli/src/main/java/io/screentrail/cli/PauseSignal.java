package io.screentrail.cli;

import io.screentrail.CaptureEngine;
import java.util.function.Consumer;

/**
 * {@code SIGUSR1} pauses and resumes the recording ({@code kill -USR1 PID}), as the pause hotkey
 * does; the engine marks each switch on the timeline. Where the JVM does not offer the signal,
 * recording goes on without it.
 */
final class PauseSignal {

  private PauseSignal() {}

  /** Installs the handler; {@code say} reports each switch. Returns whether it is installed. */
  static boolean install(CaptureEngine engine, Consumer<String> say) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("USR1"), sig -> {
        boolean paused = engine.togglePause("signal");
        say.accept(paused ? "paused (SIGUSR1; send it again to resume)" : "resumed (SIGUSR1)");
      });
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return false; // the signal is taken by the JVM or does not exist here
    }
  }
}
