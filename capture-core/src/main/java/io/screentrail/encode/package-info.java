/**
 * Compression of frames and regions: {@link io.screentrail.encode.FrameEncoder} wraps OpenCV's
 * {@code imencode} for JPEG and PNG.
 *
 * <p>Runs on the encoder thread, on changed frames only. The encoder reuses its parameters and
 * output array; each call allocates the native vector OpenCV returns and frees it before
 * returning. Nothing is shared between threads.
 */
package io.screentrail.encode;
