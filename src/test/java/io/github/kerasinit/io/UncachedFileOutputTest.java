package io.github.kerasinit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.TensorBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * {@link OutputFiles#writeUncached}: the file holds exactly the bytes written, whatever their length against the
 * block size and the 16 MiB buffer, and keeps every rule of {@link OutputFiles#write} (atomic, attributes kept).
 */
class UncachedFileOutputTest {
  @TempDir
  Path dir;

  @Test
  void theFileHoldsExactlyTheBytesWrittenAtEveryLength() throws Exception {
    Random random = new Random(5);
    for (int length : new int[] {0, 1, 4095, 4096, 4097, 16 << 20, (16 << 20) + 4096 + 3, 3 * (16 << 20) - 1}) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      Path out = dir.resolve("w" + length + ".bin");
      OutputFiles.writeUncached(out, List.of(), stream -> {
        // single bytes, a small array, then arrays that cross the buffer's end
        int at = 0;
        for (; at < Math.min(3, length); at++) {
          stream.write(bytes[at]);
        }
        int small = Math.min(length - at, 100);
        stream.write(bytes, at, small);
        at += small;
        while (at < length) {
          int n = Math.min(length - at, 5_000_003);
          stream.write(bytes, at, n);
          at += n;
        }
      });
      assertEquals(length, Files.size(out), "length " + length);
      assertArrayEquals(bytes, Files.readAllBytes(out), "length " + length);
    }
    assertTrue(TempFiles.live().isEmpty());
  }

  @Test
  void aReplacedFileKeepsItsPermissionsAndAFailureLeavesIt() throws Exception {
    Path out = Files.writeString(dir.resolve("w.safetensors"), "old");
    Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r-----");
    Files.setPosixFilePermissions(out, mode);
    KerasInitException e = assertThrows(KerasInitException.class, () -> OutputFiles.writeUncached(out, List.of(),
        stream -> {
          stream.write(new byte[100_000]);
          throw new IOException("No space left on device");
        }));
    assertEquals("cannot write " + out + ": No space left on device", e.getMessage());
    assertEquals("old", Files.readString(out));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    OutputFiles.writeUncached(out, List.of(), stream -> {
      for (int i = 0; i < 70_000; i++) {
        stream.write(i);
        expected.write(i);
      }
    });
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out));
    assertEquals(mode, Files.getPosixFilePermissions(out));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left");
    }
  }

  /**
   * Buffers are written by the stream's own thread while the next fill: what a write throws comes out of a later call
   * (close, or a write that fills another buffer), on the caller's thread, and close still closes the file.
   * /dev/full fails every write with ENOSPC.
   */
  @Test
  void aFailedWriteInFlightIsThrownByTheNextCallThatWaitsForIt() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "Linux's /dev/full");
    try (FileChannel channel = FileChannel.open(full, StandardOpenOption.WRITE)) {
      UncachedFileOutput out = new UncachedFileOutput(channel, 4096);
      out.write(new byte[(16 << 20) + 10]); // the first buffer full: queued for the writer
      IOException e = assertThrows(IOException.class, out::close);
      assertEquals("No space left on device", e.getMessage());
      assertTrue(!channel.isOpen(), "closed all the same");
    }
    try (FileChannel channel = FileChannel.open(full, StandardOpenOption.WRITE)) {
      UncachedFileOutput out = new UncachedFileOutput(channel, 4096);
      IOException e = assertThrows(IOException.class, () -> out.write(new byte[100 << 20]));
      assertEquals("No space left on device", e.getMessage());
      assertThrows(IOException.class, out::close);
      assertTrue(!channel.isOpen());
    }
  }

  /**
   * A tensor's native bytes, copied straight into the buffers, land in order between arrays written around them,
   * across the block and buffer boundaries, the tensor read from any offset.
   */
  @Test
  void nativeBytesLandInOrderAmongArrays() throws Exception {
    Random random = new Random(11);
    byte[] bytes = new byte[(16 << 20) * 2 + 12_345];
    random.nextBytes(bytes);
    Path file = dir.resolve("native.bin");
    try (Tensor tensor = Tensor.of(TUint8.class, Shape.of(bytes.length), DataBuffers.of(bytes, true, false));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteDataBuffer data = TensorBytes.data(tensor);
      UncachedFileOutput out = new UncachedFileOutput(channel, 4096);
      int[] cuts = {3, 4099, (16 << 20) + 7, (16 << 20) + 100, 2 * (16 << 20) + 1, bytes.length};
      int at = 0;
      for (int i = 0; i < cuts.length; i++) {
        if (i % 2 == 0) {
          out.write(bytes, at, cuts[i] - at);
        } else {
          out.write(data.slice(at, cuts[i] - at));
        }
        at = cuts[i];
      }
      out.close();
    }
    assertArrayEquals(bytes, Files.readAllBytes(file));
  }

  /** A write after close is an error, not a wait for a writer thread that has ended. */
  @Test
  void aWriteAfterCloseFails() throws Exception {
    Path file = dir.resolve("closed.bin");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      UncachedFileOutput out = new UncachedFileOutput(channel, 4096);
      out.write(new byte[10]);
      out.close();
      IOException e = assertThrows(IOException.class, () -> out.write(new byte[5 * (16 << 20)]));
      assertEquals("write after close", e.getMessage());
      assertEquals(10, Files.size(file));
    }
  }

  /**
   * Where the JVM cannot reserve the stream's 64 MiB of direct buffers (a child JVM limited to 8 MiB of direct
   * memory), the file is written buffered instead, with the same bytes and no temporary file left.
   */
  @Test
  void withoutRoomForTheDirectBuffersTheFileIsWrittenBuffered() throws Exception {
    Path out = dir.resolve("w.bin");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:MaxDirectMemorySize=8m", "-cp", System.getProperty("java.class.path"), SmallDirectMemory.class.getName(),
        out.toString()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the child exits");
    assertEquals(0, child.exitValue(), output);
    assertArrayEquals(SmallDirectMemory.bytes(), Files.readAllBytes(out));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file left");
    }
  }

  /** The child of the test above: writes {@link #bytes()} to its argument through {@link OutputFiles#writeUncached}. */
  static final class SmallDirectMemory {
    static byte[] bytes() {
      byte[] bytes = new byte[3_000_001];
      new Random(11).nextBytes(bytes);
      return bytes;
    }

    public static void main(String[] args) {
      OutputFiles.writeUncached(Path.of(args[0]), List.of(), stream -> stream.write(bytes()));
    }
  }
}
