package io.github.kerasinit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputFiles}: a failed write changes nothing, and its message is the user's path and the reason. */
class OutputFilesTest {
  @TempDir
  Path dir;

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    Path out = Files.writeString(dir.resolve("w.npz"), "old");
    KerasInitException e = assertThrows(KerasInitException.class, () -> OutputFiles.write(out, stream -> {
      stream.write(new byte[100_000]);
      throw new IOException("No space left on device"); // what a full disk gives: no path at all
    }));
    assertEquals("cannot write " + out + ": No space left on device", e.getMessage());
    assertEquals("old", Files.readString(out));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList());
    }
    assertTrue(TempFiles.live().isEmpty(), "nothing left for the exit hook either");
  }

  /** A sharded output: the disk fills at the third file; the first two must not be left beside the old index. */
  @Test
  void aBatchThatFailsMidwayLeavesNoneOfItsFiles() throws Exception {
    Path first = Files.writeString(dir.resolve("m-00001-of-00003.safetensors"), "old");
    Path second = dir.resolve("m-00002-of-00003.safetensors");
    Path third = dir.resolve("m-00003-of-00003.safetensors");
    KerasInitException e;
    try (OutputFiles.Batch batch = new OutputFiles.Batch()) {
      batch.write(first, List.of(), stream -> stream.write(new byte[70_000]), false);
      batch.write(second, List.of(), stream -> stream.write(new byte[70_000]), true);
      e = assertThrows(KerasInitException.class, () -> batch.write(third, List.of(), stream -> {
        stream.write(new byte[100]);
        throw new IOException("No space left on device");
      }, false));
    }
    assertEquals("cannot write " + third + ": No space left on device", e.getMessage());
    assertEquals("old", Files.readString(first));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(first), files.toList());
    }
    assertTrue(TempFiles.live().isEmpty(), "nothing left for the exit hook either");
  }

  @Test
  void aCommittedBatchReplacesEveryFileInOrder() throws Exception {
    Path first = Files.writeString(dir.resolve("a.safetensors"), "old");
    Path index = dir.resolve("a.safetensors.index.json");
    try (OutputFiles.Batch batch = new OutputFiles.Batch()) {
      batch.write(first, List.of(), stream -> stream.write("new".getBytes(StandardCharsets.UTF_8)), false);
      batch.write(index, List.of(), stream -> stream.write("{}".getBytes(StandardCharsets.UTF_8)), false);
      assertEquals("old", Files.readString(first), "nothing lands before the commit");
      assertTrue(Files.notExists(index));
      batch.commit();
    }
    assertEquals("new", Files.readString(first));
    assertEquals("{}", Files.readString(index));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count());
    }
    assertTrue(TempFiles.live().isEmpty());
  }

  @Test
  void systemErrorsAreTranslatedToTheUsersPath() {
    Path user = Path.of("out", "w.npz");
    Path tmp = dir.resolve(".keras-init-0123456789abcdef.tmp");
    assertEquals("cannot write out/w.npz: Read-only file system",
        OutputFiles.failure(user, new FileSystemException(tmp.toString(), null, "Read-only file system"), tmp)
            .getMessage());
    assertEquals("cannot write out/w.npz: Permission denied",
        OutputFiles.failure(user, new java.nio.file.AccessDeniedException(tmp.toString()), tmp).getMessage());
    assertEquals("cannot write out/w.npz: out exists and is not a directory",
        OutputFiles.failure(user, new java.nio.file.FileAlreadyExistsException("out"), tmp).getMessage());
    assertEquals("cannot write out/w.npz: failed to flush out/w.npz",
        OutputFiles.failure(user, new IOException("failed to flush " + tmp), tmp).getMessage());
  }

  @Test
  void aNewFileGetsTheUmasksPermissionsAndItsDirectoriesAreCreated() throws Exception {
    Path out = dir.resolve("a").resolve("b").resolve("w.txt");
    OutputFiles.write(out, stream -> stream.write("hi".getBytes(StandardCharsets.UTF_8)));
    assertEquals("hi", Files.readString(out));
    assertTrue(Files.getPosixFilePermissions(out).contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ));
  }

  @Test
  void aSymlinkLoopIsRefusedWithItsPath() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Files.createSymbolicLink(a, b.getFileName());
    Files.createSymbolicLink(b, a.getFileName());
    KerasInitException e = assertThrows(KerasInitException.class, () -> OutputFiles.write(a, s -> { }));
    assertEquals("cannot write " + a + ": Too many levels of symbolic links", e.getMessage());
  }
}
