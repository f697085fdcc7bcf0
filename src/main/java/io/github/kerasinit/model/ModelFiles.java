package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.CheckedZipEntry;
import io.github.kerasinit.io.FileSignatures;
import io.github.kerasinit.io.InputFiles;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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
 * {@code .keras} archive (its {@code config.json}), a model directory ({@code model.save(dir, zipped=False)}: its
 * {@code config.json}), or a legacy {@code .h5} file (its {@code model_config}
 * attribute, read with jhdf). The file is opened once, so a pipe works ({@code <(cat m.json)}, {@code /dev/stdin});
 * JSON is read to at most {@value #MAX_CONFIG_BYTES} bytes. A .keras or .h5 file is read in place (its zip directory
 * and HDF5 attributes need random access; {@code config.json} is read to at most {@value #MAX_CONFIG_BYTES} bytes,
 * whatever the archive claims); one that comes through a pipe is first copied to a temporary file, deleted after
 * reading, of at most {@value #MAX_PIPED_ARCHIVE_BYTES} bytes. As Keras: a {@code .keras} file is found by its name
 * and its zip from its end (a stub may come first), and HDF5's signature may follow a user block.
 */
public final class ModelFiles {
  public static final int MAX_CONFIG_BYTES = 64 << 20;
  public static final long MAX_PIPED_ARCHIVE_BYTES = 4L << 30;
  private static final Pattern BAD_METHOD = Pattern.compile("bad compression method: (\\d+)");
  private static final Map<Integer, String> ZIP_METHODS = Map.of(9, " (Deflate64)", 12, " (BZIP2)", 14, " (LZMA)",
      93, " (Zstandard)", 95, " (XZ)");

  private ModelFiles() {}

  /** The model config dict in the file. */
  public static Map<String, Object> read(Path file) {
    return load(file).config();
  }

  /**
   * A model file's config, and whether it came from a legacy .h5 file, which Keras 3 reads through its legacy loader
   * (tf.keras 2 wrote most of them).
   */
  public record ModelFile(Map<String, Object> config, boolean hdf5) {}

  /** The model config dict in the file, and its kind. */
  @SuppressWarnings("unchecked")
  public static ModelFile load(Path file) {
    if (Files.isDirectory(file)) {
      return new ModelFile(readDirectoryConfig(file), false);
    }
    Object parsed;
    boolean h5 = false;
    try (InputFiles.Input in = InputFiles.open(file, "model file", InputFiles.idleTimeout())) {
      byte[] head = in.head(FileSignatures.HDF5.length);
      String name = file.toString();
      // Keras takes a .keras file by its name and finds the zip from its end (a stub may come first); HDF5's
      // signature may follow a user block
      boolean zip = FileSignatures.startsWith(head, FileSignatures.ZIP) || name.endsWith(".keras");
      boolean h5Name = name.endsWith(".h5") || name.endsWith(".hdf5");
      boolean hdf5 = !zip && (FileSignatures.startsWith(head, FileSignatures.HDF5)
          || in.isRegularFile() && hdf5AfterUserBlock(file));
      if (zip || hdf5 || h5Name && !in.isRegularFile()) {
        h5 = !zip;
        if (in.isRegularFile()) {
          in.close();
          parsed = readContainer(file, file, zip);
        } else {
          try (InputFiles.TempCopy copy = in.copyToTempFile(MAX_PIPED_ARCHIVE_BYTES)) {
            parsed = readContainer(copy.path(), file, zip);
          }
        }
      } else if (h5Name) {
        throw new KerasInitException(file + " is not an HDF5 file");
      } else {
        parsed = KerasJson.parse(in.readAll(MAX_CONFIG_BYTES), file.toString());
      }
    }
    if (!(parsed instanceof Map)) {
      throw new KerasInitException(file + ": expected a model config object, got " + KerasInitException.describe(parsed));
    }
    return new ModelFile((Map<String, Object>) parsed, h5);
  }

  /**
   * The config.json of a model directory: what {@code model.save(dir, zipped=False)} writes (config.json,
   * metadata.json, model.weights.h5), and the layout of a Keras model on the Hugging Face Hub. Keras'
   * {@code load_model} takes a directory with a config.json as such a model.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> readDirectoryConfig(Path dir) {
    Path config = dir.resolve("config.json");
    if (!Files.exists(config)) {
      throw new KerasInitException("model file " + dir + " is a directory without config.json; a directory is read as"
          + " Keras' model.save(dir, zipped=False) writes it (config.json, model.weights.h5)");
    }
    Object parsed = KerasJson.parse(InputFiles.readAll(config, MAX_CONFIG_BYTES, "model config"), config.toString());
    if (!(parsed instanceof Map)) {
      throw new KerasInitException(config + ": expected a model config object, got "
          + KerasInitException.describe(parsed));
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

  /** HDF5's signature after a user block: at 512, 1024, 2048... (where the HDF5 library looks). */
  private static boolean hdf5AfterUserBlock(Path file) {
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer at = ByteBuffer.allocate(FileSignatures.HDF5.length);
      for (long offset = 512; offset + FileSignatures.HDF5.length <= channel.size(); offset *= 2) {
        at.clear();
        while (at.hasRemaining() && channel.read(at, offset + at.position()) > 0) {
          // a read may return fewer bytes
        }
        if (FileSignatures.startsWith(at.array(), FileSignatures.HDF5)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new KerasInitException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
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
      try (InputStream in = CheckedZipEntry.open(zip, config, file)) { // read to its end: its CRC is checked there
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

  /** The root attribute {@code model_config} of a legacy Keras .h5 file: a String, or its bytes. */
  private static Object readH5Config(Path path, Path file) {
    try (HdfFile hdf = new HdfFile(path)) {
      // h5py refuses a file shorter than the end its superblock records; jhdf would read what is there
      long end = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
      long size = Files.size(path);
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
        return data;
      }
      String what = data.getClass().isArray() ? "an array of " + java.lang.reflect.Array.getLength(data) + " "
          + (data instanceof String[] ? "strings" : "numbers") : data instanceof Number ? "a number" : "an attribute"
          + " of another type";
      throw new KerasInitException(file + ": model_config is " + what + ", not the string of JSON Keras writes there");
    } catch (KerasInitException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new KerasInitException(file + " is not a readable HDF5 file (truncated or damaged?): " + e.getMessage(), e);
    }
  }
}
