/**
 * Not API: ring slots, counters, histograms, the capture loop, the encoder thread's frame store
 * and the CPU governor. Free to change in any release.
 *
 * <h2>Threads</h2>
 *
 * <p>Every hand-off between threads is a bounded queue; when one is full the item is dropped and
 * counted, never waited for (except the encoder waiting for its own OCR workers, up to the OCR
 * budget).
 *
 * <ul>
 *   <li><b>Input hook</b> (jnativehook's thread, or the embedding agent's): only {@code
 *       InputSink} calls, which put an event into the lock-free {@link
 *       io.screentrail.internal.EventRing} and return; full ring: {@code inputEventsDropped}.
 *       Nothing else runs there.
 *   <li><b>{@code screentrail-input}</b> ({@link io.screentrail.internal.InputLoop}): drains the
 *       ring, queries the focused window, recognizes actions; events go to the records queue
 *       (input queue capacity; full: counted in {@code inputEventsDropped}), actions waiting for
 *       their after frame to the capture thread (1024; full: written without waiting). It parks
 *       until the hook, the focus watcher ({@code screentrail-focus-events}) or its next gesture
 *       deadline wakes it, 2 ms after input to take a burst at once; it queries the focus at each
 *       key press, on X focus events, and every 250 ms while other input arrives.
 *   <li><b>{@code screentrail-capture}</b> ({@link io.screentrail.internal.CaptureLoop}): the
 *       periodic and settle schedule, damage hints, the grab, tile hashing, the CPU governor.
 *       A changed frame is copied into a free {@link io.screentrail.internal.FrameSlot} (queue
 *       capacity, default 3; the last returned first, which lacks the fewest tiles), converted
 *       to BGR on the way, the stale tiles only ({@link io.screentrail.internal.BandCopier});
 *       no free slot: {@code framesDropped}, and the reference is kept so the change is found
 *       again. Allocation-free per tick: the conversion's Mat headers are made once and moved
 *       over each rectangle ({@link io.screentrail.internal.MatWindow}).
 *   <li><b>{@code screentrail-encoder}</b> ({@link io.screentrail.internal.FrameStore}):
 *       narrows the change, finds what scrolled (copies), redacts, encodes and appends to the
 *       session through the session writer (on this thread: the writer is a stage, not a
 *       thread), writes the records queue in order, calls listeners, returns slots (a stored
 *       frame's slot keeps the frame before it: the encoder swaps the slot's buffer with its
 *       reference frame instead of copying the changed rows into it). It waits for
 *       a frame 20 ms at a time while records arrive, 250 ms once none arrived for a second (a
 *       frame still wakes it at once). OpenCV calls run on it alone when {@code opencvThreads}
 *       is 1, as {@code record} sets it. {@link io.screentrail.internal.HiddenBoxes}, its
 *       record of where the stored frame shows lines hidden unread, is bounded (4096 boxes);
 *       a second one keeps the lines hidden without a reading (over the CPU budget's OCR
 *       allowance, or late), which later frames read from their unchanged pixels. While some
 *       wait and the allowance has room, the capture thread hands over a periodic frame even
 *       when nothing changed (gauge {@code linesAwaitingRead}).
 *   <li><b>{@code screentrail-ocr-N}</b> (redaction workers, one Tesseract engine each; as
 *       many as cores, at most 4 by default): read one frame's lines while the encoder waits up
 *       to the OCR budget; lines not read in time are hidden or their frame dropped (fail-closed),
 *       and counted.
 * </ul>
 *
 * <p>{@link io.screentrail.internal.EngineCounters} are written by those threads (one writer per
 * counter) and read by any.
 *
 * <p>Under a privacy policy the capture thread runs {@link io.screentrail.internal.PolicyMask}
 * right after each grab (a window query on its own X connection, then {@link
 * io.screentrail.internal.DesignatedArea} blanks the grab in place with reused lists); the input
 * thread reads {@link io.screentrail.internal.PasswordSightings}, which the encoder thread fills
 * from redaction. {@link io.screentrail.internal.PauseControl} is switched from any thread.
 */
package io.screentrail.internal;
