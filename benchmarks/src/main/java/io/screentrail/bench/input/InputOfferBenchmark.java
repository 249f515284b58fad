package io.screentrail.bench.input;

import io.screentrail.Ticker;
import io.screentrail.input.MouseButton;
import io.screentrail.internal.EngineCounters;
import io.screentrail.internal.EventRing;
import io.screentrail.internal.InputHub;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the input hook's thread pays per event: {@code InputHub} timestamps the event and puts it
 * in the bounded ring (the input thread's poll is included, so the ring never fills), and a
 * pointer move is a plain overwrite. Allocation-free: see {@code gc.alloc.rate.norm}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar InputOfferBenchmark -prof gc -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InputOfferBenchmark {

  private InputHub hub;
  private final EventRing.Slot slot = new EventRing.Slot();
  private int x;

  @Setup
  public void setUp() {
    hub = new InputHub(Ticker.system(), 4096, new EngineCounters());
  }

  @Benchmark
  public boolean buttonOfferAndPoll() {
    hub.buttonPressed(MouseButton.LEFT, x++ & 1023, 100);
    return hub.ring().poll(slot);
  }

  @Benchmark
  public int pointerMove() {
    return hub.pointerMoved(x++ & 1023, 200);
  }
}
