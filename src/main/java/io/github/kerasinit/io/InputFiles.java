package io.github.kerasinit.io;

import io.github.kerasinit.KerasInitException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Reads a file the user named, whatever it is: a regular file, a pipe ({@code <(cat m.json)}, {@code /dev/stdin}),
 * a FIFO or a device. Each input is opened and read once (a pipe cannot be read twice), never beyond a size limit
 * that the error names ({@code /dev/zero} is refused at the limit, not read until memory runs out), and a pipe,
 * FIFO or device that gives no data for {@link #idleTimeout()} (a FIFO no one writes to) is given up with an error
 * instead of waiting forever. Errors name the file and what went wrong, never a Java exception.
 */
public final class InputFiles {
  /** How long a pipe, FIFO or device may give no data: the system property {@value #IDLE_PROPERTY}, in seconds. */
  public static final String IDLE_PROPERTY = "kerasinit.inputIdleSeconds";
  static final long DEFAULT_IDLE_SECONDS = 60;
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;

  private InputFiles() {}

  /** 60 s unless {@value #IDLE_PROPERTY} says otherwise. */
  public static Duration idleTimeout() {
    String s = System.getProperty(IDLE_PROPERTY);
    if (s == null) {
      return Duration.ofSeconds(DEFAULT_IDLE_SECONDS);
    }
    try {
      long seconds = Long.parseLong(s.trim());
      if (seconds >= 1) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new KerasInitException("system property " + IDLE_PROPERTY + "=\"" + s + "\" must be a whole number of"
        + " seconds, at least 1");
  }

  /** All of {@code file}, at most {@code maxBytes}; {@code what} names it in errors ("model file", "--cases"). */
  public static byte[] readAll(Path file, long maxBytes, String what) {
    try (Input in = open(file, what, idleTimeout())) {
      return in.readAll(maxBytes);
    }
  }

  /** Opens {@code file} for one read. A FIFO waits for a writer at most {@code idle}. */
  public static Input open(Path file, String what, Duration idle) {
    if (Files.isDirectory(file)) {
      throw new KerasInitException(what + " " + file + " is a directory; expected a file");
    }
    boolean regular = Files.isRegularFile(file);
    Watchdog watchdog = regular ? null : new Watchdog(file, idle);
    InputStream stream;
    try {
      stream = Files.newInputStream(file);
    } catch (IOException e) {
      if (watchdog != null) {
        watchdog.stop();
      }
      throw new KerasInitException(what + " " + file + " " + reason(e), e);
    }
    Input input = new Input(file, what, regular, stream, watchdog);
    if (watchdog != null && !watchdog.attach(stream)) {
      input.close();
      throw input.timedOut();
    }
    return input;
  }

  /** "does not exist", "is not readable (permission denied)", or what the system says. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "is not readable (permission denied)";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return "cannot be read: " + ((FileSystemException) e).getReason();
    }
    return "cannot be read: " + e.getMessage();
  }

  /** An opened input: its first bytes can be looked at before deciding how to read the rest. */
  public static final class Input implements Closeable {
    private final Path file;
    private final String what;
    private final boolean regular;
    private final InputStream stream;
    private final Watchdog watchdog;
    private byte[] head = new byte[0];

    private Input(Path file, String what, boolean regular, InputStream stream, Watchdog watchdog) {
      this.file = file;
      this.what = what;
      this.regular = regular;
      this.stream = stream;
      this.watchdog = watchdog;
    }

    /** A regular file can be reopened and read at random (a zip's directory, HDF5); a pipe cannot. */
    public boolean isRegularFile() {
      return regular;
    }

    public Path file() {
      return file;
    }

    /** The first {@code n} bytes (fewer if the input is shorter); they stay part of what is read next. */
    public byte[] head(int n) {
      if (head.length < n) {
        byte[] more = read(n - head.length);
        byte[] joined = Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, joined, head.length, more.length);
        head = joined;
      }
      return Arrays.copyOf(head, Math.min(n, head.length));
    }

    /** Everything (from the start), refusing more than {@code maxBytes}. */
    public byte[] readAll(long maxBytes) {
      if (regular) {
        refuseLargerThan(maxBytes);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copy(out, maxBytes);
      return out.toByteArray();
    }

    /**
     * Everything (from the start) in a temporary file that the returned copy deletes when closed, refusing more than
     * {@code maxBytes}: for formats that need random access when the input is a pipe.
     */
    public TempCopy copyToTempFile(long maxBytes) {
      Path dir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
      TempCopy copy = new TempCopy(TempFiles.nameIn(dir));
      try (OutputStream out = new BufferedOutputStream(TempFiles.create(copy.path), 1 << 16)) { // gone at exit too
        copy(out, maxBytes);
      } catch (IOException | RuntimeException e) {
        copy.close();
        if (e instanceof KerasInitException) {
          throw (KerasInitException) e;
        }
        String why = e instanceof IOException io ? OutputFiles.systemReason(io) : e.getMessage();
        throw new KerasInitException(what + " " + file + " is not a regular file, and the temporary copy in " + dir
            + " (java.io.tmpdir) that reading it needs failed: " + why, e);
      }
      return copy;
    }

    private void refuseLargerThan(long maxBytes) {
      try {
        long size = Files.size(file);
        if (size > maxBytes) {
          throw tooLarge(maxBytes, " (" + size + " bytes)");
        }
      } catch (IOException e) {
        throw new KerasInitException(what + " " + file + " " + reason(e), e);
      }
    }

    private void copy(OutputStream out, long maxBytes) throws KerasInitException {
      try {
        long total = head.length;
        if (total > maxBytes) {
          throw tooLarge(maxBytes, "");
        }
        out.write(head);
        byte[] buffer = new byte[1 << 16];
        while (true) {
          int n = readSome(buffer, (int) Math.min(buffer.length, maxBytes - total + 1));
          if (n < 0) {
            return;
          }
          total += n;
          if (total > maxBytes) {
            throw tooLarge(maxBytes, "");
          }
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        throw new KerasInitException("cannot copy " + what + " " + file + " to a temporary file: "
            + OutputFiles.systemReason(e), e);
      }
    }

    private byte[] read(int n) {
      byte[] buffer = new byte[n];
      int filled = 0;
      while (filled < n) {
        int r = readSome(buffer, n - filled, filled);
        if (r < 0) {
          break;
        }
        filled += r;
      }
      return Arrays.copyOf(buffer, filled);
    }

    private int readSome(byte[] buffer, int max) {
      return readSome(buffer, max, 0);
    }

    private int readSome(byte[] buffer, int max, int offset) {
      try {
        int n = stream.read(buffer, offset, max);
        if (watchdog != null) {
          watchdog.touch();
        }
        return n;
      } catch (IOException e) {
        if (watchdog != null && watchdog.fired()) {
          throw timedOut();
        }
        throw new KerasInitException(what + " " + file + " " + reason(e), e);
      }
    }

    private KerasInitException tooLarge(long maxBytes, String size) {
      return new KerasInitException(what + " " + file + " is larger than " + maxBytes + " bytes" + size + ", the most"
          + " keras-init reads for it; is it the right file?");
    }

    private KerasInitException timedOut() {
      return new KerasInitException(what + " " + file + " gave no data for " + watchdog.idle.toSeconds() + " s (a"
          + " FIFO no program writes to, or a stalled pipe); keras-init stopped waiting (system property "
          + IDLE_PROPERTY + " sets the wait)");
    }

    @Override
    public void close() {
      if (watchdog != null) {
        watchdog.stop();
      }
      try {
        stream.close();
      } catch (IOException e) {
        // nothing was written; a failed close of an input loses nothing
      }
    }
  }

  /** A temporary file, deleted on close (and at exit, SIGINT and SIGTERM included, if it is still there). */
  public static final class TempCopy implements Closeable {
    private final Path path;

    private TempCopy(Path path) {
      this.path = path;
    }

    public Path path() {
      return path;
    }

    @Override
    public void close() {
      TempFiles.delete(path);
    }
  }

  /**
   * Gives up on an input that gives no data for {@code idle}: closes its stream, which ends a blocked read, or, while
   * the open itself still waits for a FIFO's writer, opens the FIFO for writing once, which ends the wait.
   */
  private static final class Watchdog implements Runnable {
    private final Path file;
    private final Duration idle;
    private final Thread thread;
    private InputStream stream;
    private long lastProgress = System.nanoTime();
    private boolean stopped;
    private boolean fired;

    Watchdog(Path file, Duration idle) {
      this.file = file;
      this.idle = idle;
      this.thread = new Thread(this, "keras-init input watchdog");
      thread.setDaemon(true);
      thread.start();
    }

    /** False if it already gave up while the input was being opened. */
    synchronized boolean attach(InputStream s) {
      stream = s;
      lastProgress = System.nanoTime();
      return !fired;
    }

    synchronized void touch() {
      lastProgress = System.nanoTime();
    }

    synchronized boolean fired() {
      return fired;
    }

    synchronized void stop() {
      stopped = true;
      notifyAll();
    }

    @Override
    public void run() {
      InputStream toClose;
      synchronized (this) {
        while (true) {
          if (stopped) {
            return;
          }
          long waited = System.nanoTime() - lastProgress;
          if (waited >= idle.toNanos()) {
            break;
          }
          try {
            long nanos = idle.toNanos() - waited;
            wait(Math.max(1, nanos / 1_000_000), (int) (nanos % 1_000_000));
          } catch (InterruptedException e) {
            return;
          }
        }
        fired = true;
        toClose = stream;
      }
      if (toClose != null) {
        try {
          toClose.close();
        } catch (IOException e) {
          // the reader sees the closed stream either way
        }
      } else if (isFifo(file)) {
        try {
          new FileOutputStream(file.toFile()).close();
        } catch (IOException e) {
          // the reader stays blocked; the caller's thread is the one that waits
        }
      }
    }

    private static boolean isFifo(Path file) {
      try {
        Object mode = Files.getAttribute(file, "unix:mode");
        return mode instanceof Integer && ((Integer) mode & S_IFMT) == S_IFIFO;
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        return false;
      }
    }
  }
}
