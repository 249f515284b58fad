/**
 * Internal: minimal JNA bindings to libX11, libXext (MIT-SHM), libXinerama, libXtst and the C
 * library's System V shared memory, for {@code XShmScreenSource} and the test and demo input
 * driver. Not API: free to change.
 *
 * <p>Threads: each {@code Display*} is used by one thread at a time, its owner (the engine's
 * capture thread for a screen source). {@link io.screentrail.internal.x11.X11Errors} is the one
 * process-wide piece: its handlers run on whichever thread's Xlib call received the error and
 * write only that display's slot.
 *
 * <p>Allocation: {@link io.screentrail.internal.x11.Xlib}, {@link
 * io.screentrail.internal.x11.XShm} and {@link io.screentrail.internal.x11.LibC} use JNA direct
 * mapping, so a call with reused arguments allocates nothing (the grab path). Native memory (the
 * shared segment, the {@code XImage}, the display connection) is made when a source opens and
 * freed by its {@code close()}. Xinerama and XTest are looked up lazily through JNA proxies;
 * they are off the per-frame path.
 *
 * <p>{@link io.screentrail.internal.x11.WindowStack} runs on the capture thread once per capture
 * under an application policy: a tree query plus one attributes request per top-level window,
 * classes cached per window id; it allocates a few small objects per window (JNA arguments,
 * the cache's entries), about a millisecond of round trips in all.
 *
 * <p>{@link io.screentrail.internal.x11.FocusWatcher} owns one more connection and the one thread
 * of this package, {@code screentrail-focus-events}: blocked in {@code poll(2)} on that connection
 * and an {@code eventfd} until X reports a focus, title or top-level change, so it costs nothing
 * while the desktop's focus stays put. It only unparks the input thread, which queries {@link
 * io.screentrail.internal.x11.FocusTracker} on its own connection; its event buffer is allocated
 * once.
 */
package io.screentrail.internal.x11;
