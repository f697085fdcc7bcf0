package io.github.kerasinit.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.tensor.TensorBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The .npz writer streams each array from its native buffer in chunks (what lets a weight of 2 GiB or more be
 * written, which a test cannot afford): here with chunks far smaller than the array, and not a multiple of its
 * element size, against the bytes written in one piece.
 */
class NpzWriterTest {
  private static byte[] npz(int chunkBytes, TFloat32 kernel, byte[] bias) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (NpzWriter npz = new NpzWriter(out, chunkBytes)) {
      npz.add("dense/kernel", DType.FLOAT32, kernel.shape().asArray(), TensorBytes.data(kernel));
      npz.add("dense/bias", DType.FLOAT32, new long[] {bias.length / 4}, bias);
    }
    return out.toByteArray();
  }

  @Test
  void chunkedEntriesHoldTheTensorsBytesWithValidCrcs() throws Exception {
    Random random = new Random(7);
    float[] values = new float[101 * 99];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    byte[] bias = new byte[4 * 99];
    random.nextBytes(bias);
    try (TFloat32 kernel = TFloat32.tensorOf(Shape.of(101, 99), DataBuffers.of(values, true, false))) {
      byte[] expected = TensorBytes.of(kernel);
      byte[] whole = npz(TensorBytes.CHUNK_BYTES, kernel, bias);
      for (int chunk : new int[] {1, 7, 1000, expected.length - 1, expected.length}) {
        assertArrayEquals(whole, npz(chunk, kernel, bias), "chunks of " + chunk + " bytes");
      }
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(npz(1000, kernel, bias)))) {
        ZipEntry e = zip.getNextEntry();
        assertEquals("dense/kernel.npy", e.getName());
        assertEquals(ZipEntry.STORED, e.getMethod());
        Npy.Array a = Npy.read(new java.io.ByteArrayInputStream(zip.readAllBytes())); // the CRC is checked here
        assertEquals("<f4", a.descr);
        assertArrayEquals(new long[] {101, 99}, a.shape);
        assertArrayEquals(expected, a.data);
        assertEquals("dense/bias.npy", zip.getNextEntry().getName());
        assertArrayEquals(bias, Npy.read(new java.io.ByteArrayInputStream(zip.readAllBytes())).data);
      }
    }
  }

  @Test
  void aKeyTooLongForAZipEntryNameIsRefused() {
    NpzWriter.checkKey("é".repeat(32_765)); // 65,530 bytes
    KerasInitException e = assertThrows(KerasInitException.class, () -> NpzWriter.checkKey("é".repeat(32_766)));
    assertTrue(e.getMessage().contains("65,532 bytes long in UTF-8"), e.getMessage());
  }

  /**
   * Entries streamed in parts (CRC in a data descriptor) and whole ones (CRC up front), with and without zip64
   * records (forced from byte 0, as every record past 4 GiB): ZipFile reads them all with their CRCs checked.
   */
  @Test
  void streamedAndZip64EntriesReadBackWithValidCrcs() throws Exception {
    Random random = new Random(11);
    byte[] big = new byte[40_000];
    random.nextBytes(big);
    byte[] small = new byte[12];
    random.nextBytes(small);
    for (long zip64From : new long[] {0, 0xFFFF_FFFFL}) {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("npz", ".npz");
      try {
        try (NpzWriter npz = new NpzWriter(java.nio.file.Files.newOutputStream(file), 1000, zip64From)) {
          npz.add("whole", DType.FLOAT32, new long[] {3}, small);
          npz.begin(new WeightEntry("streamed/kernel", DType.FLOAT32, new long[] {100, 100}));
          npz.write(DataBuffers.of(java.util.Arrays.copyOfRange(big, 0, 16_004), true, false));
          npz.write(DataBuffers.of(java.util.Arrays.copyOfRange(big, 16_004, 40_000), true, false));
          npz.end();
        }
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
          assertEquals(2, zip.size());
          assertArrayEquals(small, Npy.read(zip.getInputStream(zip.getEntry("whole.npy"))).data);
          Npy.Array a = Npy.read(zip.getInputStream(zip.getEntry("streamed/kernel.npy")));
          assertArrayEquals(big, a.data);
          assertArrayEquals(new long[] {100, 100}, a.shape);
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(zip.getInputStream(zip.getEntry("streamed/kernel.npy")).readAllBytes());
          assertEquals(crc.getValue(), zip.getEntry("streamed/kernel.npy").getCrc());
        }
      } finally {
        java.nio.file.Files.delete(file);
      }
    }
  }
}
