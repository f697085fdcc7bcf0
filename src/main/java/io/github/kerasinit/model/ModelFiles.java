package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.InputFiles;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a Keras model config from a file: {@code model.to_json()} output or a {@code config.json} (Keras 2 or 3), a
 * {@code .keras} archive (its {@code config.json}), or a legacy {@code .h5} file (its {@code model_config}
 * attribute, read with jhdf). The file is opened once, so a pipe works ({@code <(cat m.json)}, {@code /dev/stdin});
 * JSON is read to at most {@value #MAX_CONFIG_BYTES} bytes. A .keras or .h5 file is read in place (its zip directory
 * and HDF5 attributes need random access; {@code config.json} is read to at most {@value #MAX_CONFIG_BYTES} bytes,
 * whatever the archive claims); one that comes through a pipe is first copied to a temporary file, deleted after
 * reading, of at most {@value #MAX_PIPED_ARCHIVE_BYTES} bytes.
 */
public final class ModelFiles {
  public static final int MAX_CONFIG_BYTES = 64 << 20;
  public static final long MAX_PIPED_ARCHIVE_BYTES = 4L << 30;
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private ModelFiles() {}

  /** The model config dict in the file. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(Path file) {
    Object parsed;
    try (InputFiles.Input in = InputFiles.open(file, "model file", InputFiles.idleTimeout())) {
      byte[] head = in.head(HDF5_MAGIC.length);
      boolean zip = startsWith(head, ZIP_MAGIC);
      boolean hdf5 = startsWith(head, HDF5_MAGIC);
      if (zip || hdf5) {
        if (in.isRegularFile()) {
          in.close();
          parsed = readContainer(file, file, zip);
        } else {
          try (InputFiles.TempCopy copy = in.copyToTempFile(MAX_PIPED_ARCHIVE_BYTES)) {
            parsed = readContainer(copy.path(), file, zip);
          }
        }
      } else if (file.toString().endsWith(".keras")) {
        throw new KerasInitException(file + " is not a .keras archive (not a zip file)");
      } else if (file.toString().endsWith(".h5") || file.toString().endsWith(".hdf5")) {
        throw new KerasInitException(file + " is not an HDF5 file");
      } else {
        parsed = KerasJson.parse(in.readAll(MAX_CONFIG_BYTES), file.toString());
      }
    }
    if (!(parsed instanceof Map)) {
      throw new KerasInitException(file + ": expected a model config object, got " + KerasInitException.describe(parsed));
    }
    return (Map<String, Object>) parsed;
  }

  /** A .keras zip or an .h5 file at {@code path}, named {@code shown} in errors (a pipe's temporary copy). */
  private static Object readContainer(Path path, Path shown, boolean zip) {
    if (zip) {
      return KerasJson.parse(readArchiveConfig(path, shown), shown + "!config.json");
    }
    Object config = readH5Config(path, shown);
    return config instanceof byte[] ? KerasJson.parse((byte[]) config, shown + " (model_config)")
        : KerasJson.parse((String) config, shown + " (model_config)");
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
  private static byte[] readArchiveConfig(Path path, Path file) {
    try (ZipFile zip = new ZipFile(path.toFile())) {
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
      throw new KerasInitException(file + " is not a readable .keras archive: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new KerasInitException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The root attribute {@code model_config} of a legacy Keras .h5 file: a String, or its bytes. */
  private static Object readH5Config(Path path, Path file) {
    try (HdfFile hdf = new HdfFile(path)) {
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
        return data;
      }
      throw new KerasInitException(file + ": model_config is not a string (" + data.getClass().getSimpleName() + ")");
    } catch (KerasInitException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KerasInitException(file + " is not a readable HDF5 file (truncated or damaged?): " + e.getMessage(), e);
    }
  }
}
