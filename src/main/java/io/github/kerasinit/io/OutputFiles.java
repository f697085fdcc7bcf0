package io.github.kerasinit.io;

import io.github.kerasinit.KerasInitException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes keras-init's output files by what the user's path names, as a shell's {@code >} would, plus atomicity:
 *
 * <ul>
 *   <li>a regular file, or a name that does not exist yet: written to a temporary sibling and renamed over it, so a
 *       failure or a kill leaves the old file (or nothing), never a partial one. An existing file keeps its
 *       permissions (and its owner and group where the process may set them: root can, others keep their own);
 *   <li>a symbolic link: its target is written by these rules and the link stays a link (renaming over the link
 *       would replace it and leave its target stale);
 *   <li>a character device or a FIFO ({@code /dev/null}, a pipe, {@code >(cmd)}), or a name reached through
 *       {@code /proc} ({@code /dev/stdout}, {@code /dev/fd/3}): written in place, because renaming a file over a
 *       device replaces the device, and a {@code /proc} link is a handle to an open file, not a name to replace;
 *   <li>a directory, a block device or a socket: refused.
 * </ul>
 *
 * <p>A path that is one of the command's inputs is refused: writing would destroy what is being read. Temporary files
 * are short fixed-length names ({@code .keras-init-<16 hex>.tmp}), so any name the file system accepts can be an
 * output, and are deleted when the JVM exits (SIGINT and SIGTERM included) by {@link TempFiles}. Every failure is a
 * {@link KerasInitException} naming the user's path and the system's reason, never the temporary file.
 */
public final class OutputFiles {
  /** Symbolic links followed before giving up, as Linux's MAXSYMLINKS. */
  private static final int MAX_LINKS = 40;
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFSOCK = 0140000;

  private OutputFiles() {}

  /** What writes the content. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** How a path is written. */
  private enum Kind { NEW, REGULAR, IN_PLACE }

  /** {@code user}: the path as given (for messages); {@code file}: what is written, symbolic links followed. */
  private record Plan(Path user, Path file, Kind kind) {}

  /**
   * Checks, before any work is done, that {@code target} can be written by {@link #write} without destroying one of
   * {@code inputs}: resolves it, refuses what {@link #write} would refuse, and for a file written by rename creates
   * and deletes a temporary file in its directory, so that a read-only file system, a full directory or a missing
   * permission is reported now rather than after minutes of computing.
   */
  public static void check(Path target, List<Path> inputs) {
    Plan plan = plan(target, inputs);
    if (plan.kind == Kind.IN_PLACE) {
      return; // opening a FIFO for writing waits for a reader: nothing to probe without side effects
    }
    Path dir = plan.file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      return; // created by write(), as a shell's mkdir -p; errors on the way are reported then
    }
    Path tmp = tempSibling(plan.file);
    try {
      TempFiles.create(tmp).close();
    } catch (IOException e) {
      throw failure(plan.user, e, tmp);
    } finally {
      TempFiles.delete(tmp);
    }
  }

  /** Writes {@code target} with {@code writer} by the rules above. */
  public static void write(Path target, Writer writer) {
    write(target, List.of(), writer);
  }

  /** As {@link #write(Path, Writer)}, refusing a target that is the same file as one of {@code inputs}. */
  public static void write(Path target, List<Path> inputs, Writer writer) {
    write(target, inputs, writer, false);
  }

  /**
   * As {@link #write(Path, List, Writer)}, for a file of gigabytes written once: a new or regular file is written
   * past the page cache ({@link UncachedFileOutput}, {@code O_DIRECT}) where its file system allows, else as {@link
   * #write}; devices and pipes are written as {@link #write} writes them.
   */
  public static void writeUncached(Path target, List<Path> inputs, Writer writer) {
    write(target, inputs, writer, true);
  }

  private static void write(Path target, List<Path> inputs, Writer writer, boolean uncached) {
    Plan plan = plan(target, inputs);
    if (plan.kind == Kind.IN_PLACE) {
      writeInPlace(plan, writer);
    } else {
      replace(plan, writer, uncached);
    }
  }

  /**
   * The file a write to {@code target} lands in: symbolic links followed as {@link #write} follows them, the
   * directory's real path, so that two outputs that are one file under two names can be told apart before any work
   * (refused as {@link #write} refuses the path).
   */
  public static Path landsIn(Path target) {
    Path file = plan(target, List.of()).file.toAbsolutePath().normalize();
    try {
      return file.getParent().toRealPath().resolve(file.getFileName());
    } catch (IOException e) {
      return file; // a directory still to be created: no link on the way yet
    }
  }

  /** Creates {@code dir} and its parents, as {@code mkdir -p}, with an error naming the path and the reason. */
  public static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw failure(dir, e, null);
    }
  }

  private static void writeInPlace(Plan plan, Writer writer) {
    // TRUNCATE_EXISTING as a shell's >: a no-op on devices and pipes, and what the user asked for when /dev/stdout is
    // a file; no CREATE: a device that disappeared meanwhile is an error, not a new regular file
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(plan.file, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
      writer.write(out);
    } catch (IOException e) {
      throw failure(plan.user, e, null);
    }
  }

  private static void replace(Plan plan, Writer writer, boolean uncached) {
    Path tmp = stage(plan, writer, uncached);
    try {
      moveIntoPlace(plan, tmp);
    } finally {
      TempFiles.delete(tmp);
    }
  }

  /** Writes the plan's content to a temporary sibling of its file, and returns it; deletes it on any failure. */
  private static Path stage(Plan plan, Writer writer, boolean uncached) {
    Path file = plan.file.toAbsolutePath();
    Path tmp = tempSibling(file);
    boolean staged = false;
    try {
      Files.createDirectories(file.getParent());
      OutputStream direct = uncached ? TempFiles.createUncached(tmp) : null;
      try (OutputStream out = direct != null ? direct : new BufferedOutputStream(TempFiles.create(tmp), 1 << 16)) {
        writer.write(out);
      }
      if (plan.kind == Kind.REGULAR) {
        keepAttributes(file, tmp);
      }
      staged = true;
      return tmp;
    } catch (IOException e) {
      throw failure(plan.user, e, tmp);
    } finally {
      if (!staged) {
        TempFiles.delete(tmp);
      }
    }
  }

  private static void moveIntoPlace(Plan plan, Path tmp) {
    Path file = plan.file.toAbsolutePath();
    try {
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw failure(plan.user, e, tmp);
    }
  }

  /**
   * Files that are whole only together (a sharded .safetensors: its shards and index). Each is written as {@link
   * #write} writes it, but those that are renamed into place wait in their temporary files until {@link #commit}, so
   * a failure midway (a disk full at the third shard) leaves none of the new files and every old one as it was.
   * Devices and pipes, written in place, are written at once. Closing without a commit deletes what waits.
   */
  public static final class Batch implements AutoCloseable {
    private record Staged(Plan plan, Path tmp) {}

    private final List<Staged> staged = new ArrayList<>();
    private final List<Path> obsolete = new ArrayList<>();

    /** As {@link OutputFiles#write(Path, List, Writer)} ({@link OutputFiles#writeUncached} when {@code uncached}). */
    public void write(Path target, List<Path> inputs, Writer writer, boolean uncached) {
      Plan plan = plan(target, inputs);
      if (plan.kind == Kind.IN_PLACE) {
        writeInPlace(plan, writer);
      } else {
        staged.add(new Staged(plan, stage(plan, writer, uncached)));
      }
    }

    /**
     * Removes {@code file} on {@link #commit}: an earlier write's file that the new ones replace under another name
     * (a single .safetensors beside a new index), which a loader would otherwise read instead.
     */
    public void removeOnCommit(Path file) {
      obsolete.add(file);
    }

    /**
     * Renames every waiting file into place, in the order they were written (so an index comes last), then removes
     * the files {@link #removeOnCommit} named.
     */
    public void commit() {
      for (Staged s : staged) {
        moveIntoPlace(s.plan, s.tmp);
      }
      close();
      for (Path file : obsolete) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw new KerasInitException("cannot remove " + file + ", an earlier write's file that loaders would read"
              + " instead of the new ones: " + systemReason(e), e);
        }
      }
    }

    @Override
    public void close() {
      staged.forEach(s -> TempFiles.delete(s.tmp));
      staged.clear();
    }
  }

  /** The replaced file's permissions, owner and group; owner and group only where this process may give them. */
  private static void keepAttributes(Path file, Path tmp) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
    if (view == null) {
      return; // not a POSIX file system: nothing we could keep
    }
    PosixFileAttributes old;
    try {
      old = Files.readAttributes(file, PosixFileAttributes.class);
    } catch (NoSuchFileException e) {
      return; // removed meanwhile: the new file gets the defaults, as a new file
    }
    view.setPermissions(old.permissions());
    PosixFileAttributes now = view.readAttributes();
    try {
      if (!now.group().equals(old.group())) {
        view.setGroup(old.group());
      }
      if (!now.owner().equals(old.owner())) {
        view.setOwner(old.owner());
      }
    } catch (IOException e) {
      // only root may give a file away (and others only to their own groups): the file is then the user's own, as
      // with any editor that saves through a rename; its permissions are kept all the same
    }
  }

  private static Path tempSibling(Path file) {
    return TempFiles.nameIn(file.toAbsolutePath().getParent());
  }

  /** Follows symbolic links from {@code user} and decides how the result is written; refuses what cannot be. */
  private static Plan plan(Path user, List<Path> inputs) {
    Path file = user.toAbsolutePath();
    for (int links = 0;; links++) {
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return new Plan(user, file, Kind.NEW); // a dangling link's target is created, as by a shell's >
      } catch (IOException e) {
        throw failure(user, e, null); // "Not a directory", "File name too long", "Permission denied"
      }
      if (attrs.isSymbolicLink()) {
        if (links == MAX_LINKS) {
          throw new KerasInitException("cannot write " + user + ": Too many levels of symbolic links");
        }
        try {
          Path dir = file.getParent().toRealPath();
          if (dir.startsWith("/proc")) {
            return refuseInputs(new Plan(user, file, Kind.IN_PLACE), inputs);
          }
          file = dir.resolve(Files.readSymbolicLink(file));
        } catch (IOException e) {
          throw failure(user, e, null);
        }
        continue;
      }
      if (attrs.isRegularFile()) {
        if (!Files.isWritable(file)) { // a rename would replace it all the same: refuse as a shell's > would
          throw new KerasInitException("cannot write " + user + ": " + (readOnlyStore(file) ? "Read-only file system"
              : "Permission denied (the file is read-only)"));
        }
        return refuseInputs(new Plan(user, file, Kind.REGULAR), inputs);
      }
      if (attrs.isDirectory()) {
        throw new KerasInitException("cannot write " + user + ": Is a directory; give a file name");
      }
      int type = fileType(file);
      if (type == S_IFBLK || type == S_IFSOCK) {
        throw new KerasInitException("cannot write " + user + ": it is a " + (type == S_IFBLK ? "block device"
            : "socket") + "; keras-init writes regular files, character devices and pipes");
      }
      return refuseInputs(new Plan(user, file, Kind.IN_PLACE), inputs); // a character device or a FIFO
    }
  }

  private static boolean readOnlyStore(Path file) {
    try {
      return Files.getFileStore(file).isReadOnly();
    } catch (IOException e) {
      return false;
    }
  }

  /** The S_IFMT bits of a file that is neither regular, a directory nor a link; a FIFO's where unknown. */
  private static int fileType(Path file) {
    try {
      return ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & S_IFMT;
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return S_IFIFO; // no "unix" view: write it in place, which is safe for any special file
    }
  }

  private static Plan refuseInputs(Plan plan, List<Path> inputs) {
    for (Path input : inputs) {
      try {
        if (Files.exists(input) && Files.isSameFile(plan.file, input)) {
          throw new KerasInitException("cannot write " + plan.user + ": it is the input file " + input
              + ", which would be overwritten while it is read; choose another output path");
        }
      } catch (IOException e) {
        // an input that cannot be compared cannot be the (existing, readable) output either
      }
    }
    return plan;
  }

  /** "cannot write PATH: REASON", with the system's reason and never our temporary file or an exception class. */
  static KerasInitException failure(Path user, IOException thrown, Path tmp) {
    // an encoder's own wrapper ("I/O error writing PNG file!", a SAXException's text) hides the system's reason
    IOException e = thrown;
    for (Throwable c = thrown.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof IOException && c.getMessage() != null) {
        e = (IOException) c;
      }
    }
    String reason = systemReason(e);
    if (e instanceof FileSystemException f) {
      Path where = f.getFile() == null ? null : Path.of(f.getFile());
      if (where != null && !where.equals(tmp) && !where.equals(user) && !where.equals(user.toAbsolutePath())
          && !(e instanceof FileAlreadyExistsException)) {
        reason += " (" + where + ")";
      }
    }
    if (tmp != null) {
      reason = reason.replace(tmp.toString(), user.toString());
    }
    return new KerasInitException("cannot write " + user + ": " + reason, thrown);
  }

  /** The system's words for a failed file operation ("No space left on device"), never a Java class name. */
  static String systemReason(IOException e) {
    if (e instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason() : reasonOf(f);
    }
    return e.getMessage() != null ? e.getMessage() : "Input/output error";
  }

  /** Java leaves the reason out of these; the words are strerror's. */
  private static String reasonOf(FileSystemException e) {
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return e.getFile() + " exists and is not a directory";
    }
    if (e instanceof NotDirectoryException) {
      return "Not a directory";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "Is a directory";
    }
    if (e instanceof FileSystemLoopException) {
      return "Too many levels of symbolic links";
    }
    return "Input/output error";
  }
}
