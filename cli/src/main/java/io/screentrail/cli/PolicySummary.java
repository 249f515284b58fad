package io.screentrail.cli;

import io.screentrail.internal.json.JsonObject;
import io.screentrail.session.SessionReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code inspect} says about a session's privacy policy: the declared purpose, the policy's
 * hash, frames and keys not stored because of it, and the pauses on the timeline.
 */
final class PolicySummary {

  private long pauses;
  private long pausedNanos;
  private long pausedSince = -1;
  private long lastMono;
  private long framesNotDesignated;
  private long keysNotDesignated;

  private PolicySummary() {}

  /** Reads the timeline once more for pause records and the policy counters. */
  static PolicySummary scan(SessionReader reader) throws IOException {
    PolicySummary s = new PolicySummary();
    reader.scan(r -> {
      JsonObject b = r.body();
      long mono = b.optLong("mono", s.lastMono);
      s.lastMono = Math.max(s.lastMono, mono);
      switch (r.type()) {
        case "pause" -> {
          s.pauses++;
          s.pausedSince = mono;
        }
        case "resume" -> {
          if (s.pausedSince >= 0) {
            s.pausedNanos += mono - s.pausedSince;
            s.pausedSince = -1;
          }
        }
        default -> {
          JsonObject stats = r.type().equals("stats") ? b
              : b.has("stats") && b.asMap().get("stats") != null ? b.getObject("stats") : null;
          if (stats != null) {
            s.framesNotDesignated = Math.max(s.framesNotDesignated,
                stats.optLong("framesNotDesignated", 0));
            s.keysNotDesignated = Math.max(s.keysNotDesignated,
                stats.optLong("keysNotDesignated", 0));
          }
        }
      }
    });
    if (s.pausedSince >= 0) {
      s.pausedNanos += s.lastMono - s.pausedSince; // still paused at the last record
    }
    return s;
  }

  /** Adds {@code purpose}, {@code policy}, the policy counters and the pauses to inspect's JSON. */
  void addTo(Map<String, Object> json, JsonObject manifest) {
    json.put("purpose", manifest.optString("purpose", null));
    Object policy = manifest.asMap().get("policy");
    json.put("policy", policy);
    json.put("framesNotDesignated", framesNotDesignated);
    json.put("keysNotDesignated", keysNotDesignated);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("count", pauses);
    p.put("seconds", Math.round(pausedNanos / 1_000_000.0) / 1000.0);
    json.put("pauses", p);
  }

  /** The summary rows. */
  void print(PrintStream out, JsonObject manifest) {
    Object policy = manifest.asMap().get("policy");
    if (policy instanceof Map<?, ?> m) {
      String purpose = manifest.optString("purpose", null);
      out.println("Policy     " + m.get("hash") + "; purpose: "
          + (purpose == null ? "not declared" : purpose));
      out.println("Withheld   " + framesNotDesignated + " frames with no designated window, "
          + keysNotDesignated + " keys typed outside designated windows");
    } else {
      out.println("Policy     none: every window recorded, typed text stored as typed");
    }
    out.println("Pauses     " + pauses + (pauses == 0 ? "" : String.format(Locale.ROOT,
        ", %.1f s paused", pausedNanos / 1e9)));
  }
}
