package io.github.kerasinit.io;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The temporary files of writes in progress, deleted by a shutdown hook when the JVM exits before they are renamed:
 * the hook runs on System.exit, an uncaught error, SIGINT (Ctrl-C) and SIGTERM, so only SIGKILL or a crash of the JVM
 * itself can leave one behind. A file is created and registered under one lock that the hook takes too, so none can
 * be created after the hook has run and none is created unregistered.
 */
final class TempFiles {
  private static final Set<Path> LIVE = new LinkedHashSet<>();
  private static boolean exiting;

  static {
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "keras-init-temp-cleanup"));
    } catch (IllegalStateException e) {
      exiting = true; // already shutting down: create() refuses
    }
  }

  private TempFiles() {}

  /** A new temporary file name in {@code dir}: short and fixed-length, so it fits wherever the user's name fits. */
  static Path nameIn(Path dir) {
    return dir.resolve(String.format(java.util.Locale.ROOT, ".keras-init-%016x.tmp",
        java.util.concurrent.ThreadLocalRandom.current().nextLong()));
  }

  /** Creates {@code tmp} (it must not exist) for writing, registered for deletion at exit. */
  static synchronized OutputStream create(Path tmp) throws IOException {
    if (exiting) {
      throw new IOException("the process is exiting");
    }
    OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    LIVE.add(tmp);
    return out;
  }

  /**
   * As {@link #create}, bypassing the page cache ({@link UncachedFileOutput}); null, with nothing created, where the
   * file system's block size is not a power of two or it refuses {@code O_DIRECT}, or where the JVM cannot reserve
   * the stream's direct buffers.
   */
  static OutputStream createUncached(Path tmp) throws IOException {
    long block;
    try {
      block = Math.max(4096, Files.getFileStore(tmp.toAbsolutePath().getParent()).getBlockSize());
    } catch (UnsupportedOperationException e) {
      return null;
    }
    if (Long.bitCount(block) != 1 || block > (1 << 20)) {
      return null;
    }
    FileChannel channel;
    synchronized (TempFiles.class) {
      if (exiting) {
        throw new IOException("the process is exiting");
      }
      try {
        channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            ExtendedOpenOption.DIRECT);
      } catch (UnsupportedOperationException e) {
        return null;
      } catch (FileAlreadyExistsException e) {
        throw e; // not ours to delete
      } catch (IOException e) {
        // a file system without O_DIRECT fails the open with EINVAL, on some kernels after creating the file
        Files.deleteIfExists(tmp);
        return null;
      }
      LIVE.add(tmp);
    }
    try {
      return new UncachedFileOutput(channel, (int) block);
    } catch (OutOfMemoryError e) {
      // its 64 MiB of aligned buffers are direct memory, which -XX:MaxDirectMemorySize (by default the heap's
      // maximum) may not hold beside a small heap: the buffered write needs none
      channel.close();
      delete(tmp);
      return null;
    }
  }

  /** Deletes {@code tmp} if it still exists (renamed files do not) and forgets it. */
  static synchronized void delete(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // left for the exit hook, which tries again
      return;
    }
    LIVE.remove(tmp);
  }

  /** The files registered now (for tests). */
  static synchronized Set<Path> live() {
    return Set.copyOf(LIVE);
  }

  private static synchronized void deleteAll() {
    exiting = true;
    for (Path tmp : LIVE) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // nothing more can be done while the JVM exits
      }
    }
    LIVE.clear();
  }
}
