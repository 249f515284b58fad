/**
 * The session directory: {@link io.screentrail.session.SessionWriter} appends images and
 * timeline records in an order that survives a crash at any byte; {@link
 * io.screentrail.session.SessionReader} verifies and reads them back and rebuilds whole frames.
 *
 * <p>The writer runs on the engine's encoder thread, reuses its header buffers and allocates
 * nothing per record. The reader is for tools and tests, off the recording path. The format is
 * documented in {@code docs/FORMAT.md}.
 */
package io.screentrail.session;
