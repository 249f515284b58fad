/**
 * Compression of frames and regions: {@link io.screentrail.encode.FrameEncoder} wraps OpenCV's
 * {@code imencode} for JPEG and PNG; {@link io.screentrail.encode.RegionMerger} joins a delta
 * frame's small image regions when the pixels a joined region adds cost fewer bytes than the
 * per-image headers it saves. The encoder also gives the JPEG tables its images carry ({@code
 * encodeTablesProbe}), which a session stores once.
 *
 * <p>Runs on the encoder thread, on changed frames only. The encoder reuses its parameters and
 * output array; each call allocates the native vector OpenCV returns and frees it before
 * returning. The merger works in place on the frame's region list and allocates only when a
 * frame has more regions than any before. Nothing is shared between threads.
 */
package io.screentrail.encode;
