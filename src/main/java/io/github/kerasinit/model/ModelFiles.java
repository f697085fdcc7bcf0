package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a Keras model config from a file: {@code model.to_json()} output or a {@code config.json} (Keras 2 or 3), a
 * {@code .keras} archive (its {@code config.json}), or a legacy {@code .h5} file (its {@code model_config}
 * attribute, read with jhdf). Reads are bounded: archives are checked entry by entry and {@code config.json} is read
 * at most {@value #MAX_CONFIG_BYTES} bytes, whatever the archive claims.
 */
public final class ModelFiles {
  public static final int MAX_CONFIG_BYTES = 64 << 20;
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final Pattern BAD_METHOD = Pattern.compile("bad compression method: (\\d+)");
  private static final Map<Integer, String> ZIP_METHODS = Map.of(9, " (Deflate64)", 12, " (BZIP2)", 14, " (LZMA)",
      93, " (Zstandard)", 95, " (XZ)");

  private ModelFiles() {}

  /** The model config dict in the file. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(Path file) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(8);
    } catch (NoSuchFileException e) {
      throw new KerasInitException("model file " + file + " does not exist");
    } catch (IOException e) {
      throw new KerasInitException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
    Object parsed;
    // Keras takes a .keras file by its name and finds the zip from the end (a stub may come first)
    if (startsWith(head, ZIP_MAGIC) || file.toString().endsWith(".keras")) {
      parsed = KerasJson.parse(new String(readArchiveConfig(file), StandardCharsets.UTF_8), file + "!config.json");
    } else if (isHdf5(file, head)) {
      parsed = KerasJson.parse(readH5Config(file), file + " (model_config)");
    } else if (file.toString().endsWith(".h5") || file.toString().endsWith(".hdf5")) {
      throw new KerasInitException(file + " is not an HDF5 file");
    } else {
      try {
        if (Files.size(file) > MAX_CONFIG_BYTES) {
          throw new KerasInitException(file + " is " + Files.size(file) + " bytes; a model config is at most "
              + MAX_CONFIG_BYTES);
        }
        parsed = KerasJson.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      } catch (IOException e) {
        throw new KerasInitException("cannot read model file " + file + ": " + e.getMessage(), e);
      }
    }
    if (!(parsed instanceof Map)) {
      throw new KerasInitException(file + ": expected a model config object, got " + KerasInitException.describe(parsed));
    }
    return (Map<String, Object>) parsed;
  }

  /** HDF5's signature at 0 or, after a user block, at 512, 1024, 2048... (where the HDF5 library looks). */
  private static boolean isHdf5(Path file, byte[] head) {
    if (startsWith(head, HDF5_MAGIC)) {
      return true;
    }
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer at = ByteBuffer.allocate(HDF5_MAGIC.length);
      for (long offset = 512; offset + HDF5_MAGIC.length <= channel.size(); offset *= 2) {
        at.clear();
        while (at.hasRemaining() && channel.read(at, offset + at.position()) > 0) {
          // a read may return fewer bytes
        }
        if (startsWith(at.array(), HDF5_MAGIC)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new KerasInitException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (head[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** config.json from a .keras zip, refusing unsafe entry names and reading at most MAX_CONFIG_BYTES. */
  private static byte[] readArchiveConfig(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry config = null;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String name = e.getName();
        if (name.startsWith("/") || name.contains("..") || name.contains("\\") || name.contains(":")) {
          throw new KerasInitException(file + ": unsafe entry name \"" + name + "\" in the archive; refused");
        }
        if (name.equals("config.json")) {
          config = e;
        }
      }
      if (config == null) {
        throw new KerasInitException(file + " is a zip archive without config.json; a .keras file has one");
      }
      try (InputStream in = zip.getInputStream(config)) {
        byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        if (bytes.length > MAX_CONFIG_BYTES) {
          throw new KerasInitException(file + ": config.json expands beyond " + MAX_CONFIG_BYTES
              + " bytes; refused (a zip bomb?)");
        }
        return bytes;
      }
    } catch (ZipException e) {
      Matcher method = BAD_METHOD.matcher(String.valueOf(e.getMessage()));
      if (method.find()) { // java.util.zip reads stored and deflated entries only (see docs/deviations.md)
        int m = Integer.parseInt(method.group(1));
        throw new KerasInitException(file + " has entries compressed with zip method " + m
            + ZIP_METHODS.getOrDefault(m, "") + "; keras-init reads stored and deflated entries (what Keras and zip"
            + " write): re-zip it, e.g. with `zip -r`", e);
      }
      throw new KerasInitException(file + " is not a .keras archive (not a readable zip file: " + e.getMessage() + ")",
          e);
    } catch (IOException e) {
      throw new KerasInitException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The root attribute {@code model_config} of a legacy Keras .h5 file. */
  private static String readH5Config(Path file) {
    try (HdfFile hdf = new HdfFile(file)) {
      // h5py refuses a file shorter than the end its superblock records; jhdf would read what is there
      long end = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
      long size = Files.size(file);
      if (size < end) {
        throw new KerasInitException(file + " is a truncated HDF5 file: " + size + " bytes, but its superblock says "
            + end + " (h5py refuses it: \"truncated file\")");
      }
      Attribute attribute = hdf.getAttribute("model_config");
      if (attribute == null) {
        throw new KerasInitException(file + " is an HDF5 file without a model_config attribute (a weights-only"
            + " file?); save the model with model.save(...) or pass its JSON config");
      }
      Object data = attribute.getData();
      if (data instanceof String) {
        return (String) data;
      }
      if (data instanceof String[] && ((String[]) data).length == 1) {
        return ((String[]) data)[0];
      }
      if (data instanceof byte[]) {
        return new String((byte[]) data, StandardCharsets.UTF_8);
      }
      throw new KerasInitException(file + ": model_config is not a string (" + data.getClass().getSimpleName() + ")");
    } catch (KerasInitException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new KerasInitException(file + " is not a readable HDF5 file (truncated or damaged?): " + e.getMessage(), e);
    }
  }
}
