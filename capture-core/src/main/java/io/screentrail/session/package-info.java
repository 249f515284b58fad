/**
 * The session directory: {@link io.screentrail.session.SessionWriter} appends images and
 * timeline records in an order that survives a crash at any byte; {@link
 * io.screentrail.session.SessionReader} verifies and reads them back and rebuilds whole frames.
 *
 * <p>The writer runs on the engine's encoder thread, reuses its header buffers and allocates
 * nothing per record. A frame's images wait in one direct buffer and go out in one write just
 * before the record that references them. The reader is for tools and tests, off the recording
 * path. The format is documented in {@code docs/FORMAT.md}.
 *
 * <p>JPEG tables (format version 3, {@link io.screentrail.session.JpegTables}): the writer copies
 * each JPEG without the tables the session stores once into one reused array, grown only when an
 * image is larger than any before; the header walk allocates nothing. The reader puts them back
 * into a reused array of its own before decoding.
 *
 * <p>Encryption ({@link io.screentrail.session.KeyProvider}): the writer's cipher, associated
 * data array and output buffer live on the encoder thread and are reused; a record costs GCM's
 * parameter object. {@link io.screentrail.session.Retention} runs on the encoder thread about
 * once a minute and touches only directories holding a Screentrail manifest.
 */
package io.screentrail.session;
