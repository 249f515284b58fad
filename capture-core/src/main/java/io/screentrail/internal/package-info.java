/**
 * Not API: ring slots, counters, histograms and the encoder thread's frame store. Free to change
 * in any release.
 *
 * <p>{@link io.screentrail.internal.FrameSlot}s are allocated at start and circulate between the
 * capture and encoder threads through two bounded queues. {@link
 * io.screentrail.internal.EngineCounters} are written by those two threads (one writer per
 * counter) and read by any.
 */
package io.screentrail.internal;
