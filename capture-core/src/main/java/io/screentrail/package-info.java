/**
 * The embedding API: {@link io.screentrail.CaptureEngine} and its builder, the immutable {@link
 * io.screentrail.CaptureConfig}, {@link io.screentrail.CaptureStats}, listeners and the clock.
 *
 * <p>Nothing here exposes OpenCV, JavaCPP or JNA types. The stage packages ({@code source},
 * {@code diff}, {@code encode}, {@code session}) hold each stage's interface and default
 * implementations; {@code internal} is not API and may change in any release.
 */
package io.screentrail;
