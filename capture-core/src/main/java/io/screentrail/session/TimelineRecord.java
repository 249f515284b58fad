package io.screentrail.session;

import io.screentrail.internal.json.JsonObject;

/**
 * One complete, checksum-verified timeline record.
 *
 * @param index position among the session's records, from 0
 * @param offset byte offset of the record's header in {@code timeline.bin}
 * @param body the record's JSON object; {@code type} says which kind it is
 */
public record TimelineRecord(long index, long offset, JsonObject body) {

  /** The record's {@code type} field: {@code start}, {@code frame}, {@code stats}, {@code marker}, {@code end}. */
  public String type() {
    return body.optString("type", "");
  }

  /** Monotonic nanoseconds since the session started. */
  public long monoNanos() {
    return body.optLong("mono", 0);
  }
}
