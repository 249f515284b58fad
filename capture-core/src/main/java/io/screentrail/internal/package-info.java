/**
 * Not API: ring slots, counters, histograms and the encoder thread's frame store. Free to change
 * in any release.
 *
 * <p>{@link io.screentrail.internal.FrameSlot}s are allocated at start and circulate between the
 * capture and encoder threads through two bounded queues. {@link
 * io.screentrail.internal.EngineCounters} are written by those two threads (one writer per
 * counter) and read by any.
 *
 * <p>Under a privacy policy the capture thread runs {@link io.screentrail.internal.PolicyMask}
 * right after each grab (a window query on its own X connection, then {@link
 * io.screentrail.internal.DesignatedArea} blanks the grab in place with reused lists); the input
 * thread reads {@link io.screentrail.internal.PasswordSightings}, which the encoder thread fills
 * from redaction. {@link io.screentrail.internal.PauseControl} is switched from any thread.
 */
package io.screentrail.internal;
