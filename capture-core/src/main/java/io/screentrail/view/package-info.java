/**
 * The session viewer: a recorded session as a page of frames with the actions drawn on them.
 * {@link io.screentrail.view.SessionReport} reads what the page needs from a {@link
 * io.screentrail.session.SessionReader} in one pass (frame index, actions resolved to their before
 * and after frames, redaction boxes, pauses, drops, counters); {@link
 * io.screentrail.view.ReportWriter} writes it as one self-contained HTML file with the frames
 * embedded; {@link io.screentrail.view.ReportServer} serves the same page on 127.0.0.1 and
 * rebuilds frames only when the browser asks for them.
 *
 * <p>Off the recording path: tools' threads only. The report keeps the timeline's frame records
 * (metadata, a few hundred bytes each), never decoded frames; the single-file writer streams
 * frames one at a time; the server holds a bounded cache of encoded frames. The page needs no
 * network: styles and script are inline, and every string from the session is set as text,
 * never as markup. Masked typing is shown as its length only; redaction boxes as outlines.
 */
package io.screentrail.view;
