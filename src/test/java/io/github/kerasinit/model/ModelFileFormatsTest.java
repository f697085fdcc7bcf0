package io.github.kerasinit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.WeightSpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Model file variants checked against Keras 3.15.1's load_model: it reads a .keras with a stub before the zip, a model
 * directory (saved with {@code zipped=False}) and an HDF5 file with a user block, and refuses an .h5 shorter than
 * its superblock says ("truncated file"). It also reads BZIP2 and LZMA entries, which keras-init refuses by name (docs/deviations.md).
 */
class ModelFileFormatsTest {
  @TempDir
  Path dir;

  private static List<String> weights(Path file) {
    return KerasModel.load(file, KerasModel.options().seed(1)).weights().stream().map(WeightSpec::toString).toList();
  }

  @Test
  void aKerasArchiveAfterAStubIsRead() throws Exception {
    Path stub = dir.resolve("stub.keras");
    byte[] archive = Files.readAllBytes(Path.of("models/mlp.keras"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("#!/bin/sh\necho a self-extracting stub\nexit 0\n".getBytes(StandardCharsets.US_ASCII));
    out.write(archive);
    Files.write(stub, out.toByteArray());
    assertEquals(weights(Path.of("models/mlp.keras")), weights(stub));
  }

  /**
   * A model directory, as {@code model.save(dir, zipped=False)} writes it and Keras' load_model reads it: the entries
   * of a .keras archive, unzipped (config.json, metadata.json, model.weights.h5).
   */
  @Test
  void aModelDirectoryIsReadByItsConfigJson() throws Exception {
    Path model = dir.resolve("mlp_saved");
    Files.createDirectory(model);
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile("models/mlp.keras")) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        Files.copy(zip.getInputStream(e), model.resolve(e.getName()));
      }
    }
    assertTrue(Files.exists(model.resolve("model.weights.h5")));
    assertEquals(weights(Path.of("models/mlp.keras")), weights(model));
    Files.delete(model.resolve("config.json"));
    KerasInitException e = assertThrows(KerasInitException.class, () -> weights(model));
    assertTrue(e.getMessage().contains(model + " is a directory without config.json"), e.getMessage());
  }

  @Test
  void anHdf5FileWithAUserBlockIsRead() throws Exception {
    // what h5py.File(..., userblock_size=512) writes: 512 bytes first, the superblock's base address 512 and its
    // end-of-file address moved by 512; every other address is relative to the base
    byte[] h5 = Files.readAllBytes(Path.of("models/mlp_legacy.h5"));
    ByteBuffer superblock = ByteBuffer.wrap(h5).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0, h5[8], "superblock version 0, 8-byte addresses");
    superblock.putLong(24, 512);
    superblock.putLong(40, superblock.getLong(40) + 512);
    byte[] withUserBlock = new byte[512 + h5.length];
    System.arraycopy(h5, 0, withUserBlock, 512, h5.length);
    Path file = dir.resolve("userblock.h5");
    Files.write(file, withUserBlock);
    assertEquals(weights(Path.of("models/mlp_legacy.h5")), weights(file));
  }

  @Test
  void anHdf5FileShorterThanItsSuperblockSaysIsRefused() throws Exception {
    byte[] h5 = Files.readAllBytes(Path.of("models/mlp_legacy.h5"));
    for (int length : new int[] {h5.length / 2, h5.length - 1}) {
      Path file = dir.resolve("truncated-" + length + ".h5");
      Files.write(file, Arrays.copyOf(h5, length));
      KerasInitException e = assertThrows(KerasInitException.class, () -> KerasModel.load(file));
      assertTrue(e.getMessage().contains("truncated HDF5 file: " + length + " bytes, but its superblock says "
          + h5.length), e.getMessage());
    }
    Path longer = dir.resolve("longer.h5"); // h5py reads a file with bytes after its end
    Files.write(longer, Arrays.copyOf(h5, h5.length + 100));
    assertEquals(weights(Path.of("models/mlp_legacy.h5")), weights(longer));
  }

  @ParameterizedTest(name = "method {0}")
  @CsvSource({"12, BZIP2", "14, LZMA"})
  void entriesJavaCannotDecompressAreRefusedNamingTheMethod(int method, String name) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      byte[] config = Files.readAllBytes(Path.of("models/mlp.json"));
      ZipEntry entry = new ZipEntry("config.json");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(config.length);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(config);
      entry.setCrc(crc.getValue());
      zip.putNextEntry(entry);
      zip.write(config);
    }
    // the method fields of the local header (offset 8) and of the central directory entry (offset 10)
    byte[] archive = bytes.toByteArray();
    ByteBuffer b = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(8, (short) method);
    for (int i = archive.length - 22; i >= 0; i--) {
      if (b.getInt(i) == 0x02014b50) {
        b.putShort(i + 10, (short) method);
        break;
      }
    }
    Path file = dir.resolve(name + ".keras");
    Files.write(file, archive);
    KerasInitException e = assertThrows(KerasInitException.class, () -> KerasModel.load(file));
    assertTrue(e.getMessage().contains("compressed with zip method " + method + " (" + name + "); keras-init reads"
        + " stored and deflated entries"), e.getMessage());
  }
}
