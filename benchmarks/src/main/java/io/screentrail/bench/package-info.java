/**
 * JMH benchmarks of the capture pipeline, one package per stage: {@code source} (grabbing the
 * screen, with {@code GrabCpuProbe} for the X server's CPU share), {@code diff}, {@code encode}
 * (with {@code JpegQualityProbe}), {@code session} ({@code SessionSeekProbe}: what random access
 * into a recorded session costs) and {@code pipeline} for paths across stages. {@link io.screentrail.bench.ScreenContent} draws
 * the synthetic desktops the stage benchmarks share. Run commands are in each class's javadoc;
 * {@code benchmarks/run-capture.sh} and {@code benchmarks/run-stages.sh} run them all and
 * BENCHMARKS.md at the repository root holds the figures.
 */
package io.screentrail.bench;
