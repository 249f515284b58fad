/**
 * Detectors of sensitive values in the text lines OCR reads from changed screen regions: e-mail
 * addresses, payment cards, US SSNs, phone numbers, IBANs, cloud keys, API tokens, JWTs, PEM
 * private keys, URL credentials, secret assignments and password fields. Each {@link
 * io.screentrail.redact.detect.Detector} reports character ranges per line as {@link
 * io.screentrail.redact.detect.Finding}s; {@link io.screentrail.redact.detect.Detectors#scan}
 * runs the default set and merges overlaps, and the redactor blurs the boxes OCR gave for them.
 *
 * <p>Runs on the thread that OCRs a region, once per changed region: its cost adds to every
 * changed frame. The detectors are immutable and shared by all threads; per call they allocate
 * the findings, a few small arrays and a regex matcher only where a cheap character test has
 * found a candidate. Most lines cost a handful of {@code indexOf} calls and one or two passes over
 * their characters, and a value wrapped onto the next line is found by scanning the seam between
 * the two lines. Input is text as OCR returns it: detectors that read digits repair OCR's
 * look-alike letters ({@code O} for 0, {@code l} for 1) before checking a checksum.
 */
package io.screentrail.redact.detect;
