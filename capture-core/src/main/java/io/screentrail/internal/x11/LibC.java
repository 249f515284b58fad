package io.screentrail.internal.x11;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** System V shared memory from the C library, for the segment that XShm grabs into. */
public final class LibC {

  /** {@code IPC_PRIVATE}: a new segment with no key. */
  public static final int IPC_PRIVATE = 0;
  /** {@code IPC_CREAT} (octal 01000). */
  public static final int IPC_CREAT = 0x200;
  /** {@code IPC_RMID}: remove the segment once the last process detaches. */
  public static final int IPC_RMID = 0;

  static {
    Native.register(LibC.class, Platform.C_LIBRARY_NAME);
  }

  private LibC() {}

  /** {@code size} is a {@code size_t}, the width of C {@code unsigned long} on LP64 and ILP32. */
  public static native int shmget(int key, NativeLong size, int shmflg);

  /** Returns the address, or the all-ones pointer {@code (void*)-1} on failure. */
  public static native Pointer shmat(int shmid, Pointer shmaddr, int shmflg);

  public static native int shmdt(Pointer shmaddr);

  public static native int shmctl(int shmid, int cmd, Pointer buf);

  /** {@code CLOCK_PROCESS_CPUTIME_ID} on Linux: all threads' CPU, in nanoseconds. */
  public static final int CLOCK_PROCESS_CPUTIME_ID = 2;

  /** {@code timespec} as two longs (seconds, nanoseconds), as on 64-bit Linux. */
  public static native int clock_gettime(int clock, long[] timespec);

  /** {@code POLLIN}: data to read. */
  public static final short POLLIN = 0x1;
  /** {@code EFD_CLOEXEC} (octal 02000000). */
  public static final int EFD_CLOEXEC = 0x80000;
  /** {@code EFD_NONBLOCK} (octal 04000): a write never waits, whatever the counter holds. */
  public static final int EFD_NONBLOCK = 0x800;

  /** {@code fds} points at {@code nfds} {@code struct pollfd} (int fd, short events, short revents). */
  public static native int poll(Pointer fds, NativeLong nfds, int timeoutMillis);

  /** An event counter to wake a thread blocked in {@link #poll}; -1 on failure. */
  public static native int eventfd(int initval, int flags);

  public static native NativeLong read(int fd, Pointer buf, NativeLong count);

  public static native NativeLong write(int fd, Pointer buf, NativeLong count);

  public static native int close(int fd);
}
