package io.screentrail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeHeapTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void trimsOnceAnIntervalAfterTheFirstCall() {
    assumeTrue(NativeHeap.available(), "the C library has no malloc_trim");
    NativeHeap heap = new NativeHeap(60 * SECOND);
    assertThat(heap.maybeTrim(1_000)).as("the first call only starts the interval").isFalse();
    assertThat(heap.maybeTrim(1_000 + 59 * SECOND)).isFalse();
    assertThat(heap.maybeTrim(1_000 + 60 * SECOND)).isTrue();
    assertThat(heap.maybeTrim(1_000 + 61 * SECOND)).isFalse();
    assertThat(heap.maybeTrim(1_000 + 120 * SECOND)).isTrue();
    assertThat(heap.trims()).isEqualTo(2);
  }

  @Test
  void anIntervalOfZeroNeverTrims() {
    NativeHeap heap = new NativeHeap(0);
    for (long t = 0; t < 10; t++) {
      assertThat(heap.maybeTrim(t * 3600 * SECOND)).isFalse();
    }
    assertThat(heap.trims()).isZero();
  }

  /**
   * Freed blocks between blocks still in use stay mapped after free() (nothing to merge them
   * into the heap's top); a trim gives their pages back. The blocks are 64 KB, under glibc's
   * mmap threshold, so they come from the heap as Tesseract's and Leptonica's buffers do.
   */
  @Test
  void givesFreedHeapPagesBack() throws IOException {
    assumeTrue(NativeHeap.available(), "the C library has no malloc_trim");
    int blocks = 1024;
    int size = 64 * 1024;
    long[] peers = new long[blocks];
    long[] pins = new long[blocks];
    for (int i = 0; i < blocks; i++) {
      peers[i] = Native.malloc(size);
      pins[i] = Native.malloc(64);
      Pointer block = new Pointer(peers[i]);
      for (long p = 0; p < size; p += 4096) {
        block.setByte(p, (byte) 1);
      }
    }
    for (long peer : peers) {
      Native.free(peer);
    }
    long before = rssKb();
    NativeHeap heap = new NativeHeap(1);
    heap.maybeTrim(0);
    assertThat(heap.maybeTrim(1)).isTrue();
    long after = rssKb();
    for (long pin : pins) {
      Native.free(pin);
    }
    assertThat(before - after).as("RSS given back, kB (before %d, after %d)", before, after)
        .isGreaterThan(32 * 1024);
  }

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
