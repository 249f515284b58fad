/**
 * The {@code screentrail} command: {@code record}, {@code inspect}, {@code export} and {@code
 * demo}, one class each, over the embedding API. {@link io.screentrail.cli.Main} dispatches and
 * maps failures to exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 environment problem.
 *
 * <p>Arguments are parsed by hand ({@link io.screentrail.cli.Args}) so that the command needs no
 * dependency beyond capture-core. Results go to standard output, messages to standard error
 * prefixed {@code "screentrail: "}. Nothing here ever prints a keystroke or typed text (a
 * trajectory export writes typed text to its file, as the session holds it).
 */
package io.screentrail.cli;
