/**
 * What a recording may contain: {@link io.screentrail.policy.Policy} (designated and denied
 * applications, keystroke masking, the pause hotkey, the declared purpose) and {@link
 * io.screentrail.policy.PolicyFile}, its file form.
 *
 * <p>The engine applies a policy on two threads. The capture thread reads the window stack right
 * after each grab (its own X connection: one round trip for the tree and one per window, classes
 * cached by window id) and blanks every pixel outside the visible designated windows before change
 * detection, redaction, encoding or any listener; a frame with no designated window, or whose
 * window list could not be read, goes no further and is counted. The input thread drops key
 * events while a window that is not designated has the focus, marks typed secrets masked and
 * recognizes the pause hotkey. Policies are immutable and shared freely.
 */
package io.screentrail.policy;
