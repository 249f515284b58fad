/**
 * Screen sources: where frames come from. {@link io.screentrail.source.XShmScreenSource} grabs
 * through X11 shared memory into one reused segment (no copy); {@link
 * io.screentrail.source.RobotScreenSource} uses {@code java.awt.Robot} anywhere AWT runs.
 *
 * <p>A source is used by the capture thread only. It allocates its buffer when opened and
 * nothing per grab (Robot itself allocates an image per grab, which is one reason it costs more).
 */
package io.screentrail.source;
