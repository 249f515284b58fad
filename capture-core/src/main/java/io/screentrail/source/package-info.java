/**
 * Screen sources: where frames come from. {@link io.screentrail.source.XShmScreenSource} grabs
 * through X11 shared memory into one reused segment (no copy); {@link
 * io.screentrail.source.RobotScreenSource} uses {@code java.awt.Robot} anywhere AWT runs.
 *
 * <p>{@link io.screentrail.source.DamageTracker} asks the X server (DAMAGE extension) what was
 * redrawn, so the capture thread grabs nothing when nothing was and only the damaged rows
 * ({@link io.screentrail.source.ScreenSource#grabRows}) otherwise.
 *
 * <p>A source is used by the capture thread only. It allocates its buffer when opened and
 * nothing per grab (Robot itself allocates an image per grab, which is one reason it costs more).
 */
package io.screentrail.source;
