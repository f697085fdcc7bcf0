package io.github.kerasinit.io;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.text.PythonText;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The weights files one {@code --out} names, chosen by its name: {@code X.safetensors}, else an .npz ({@code X.npz} by
 * convention); or, laid out by their own writers, the files of a Keras format ({@link #single}, {@link #shards}). With a maximum shard size, a .safetensors output that needs more than one file becomes shards
 * {@code X-00001-of-0000N.safetensors} in weight order plus {@code X.safetensors.index.json}, Hugging Face's layout
 * ({@code {"metadata": {"total_size": B}, "weight_map": {key: shard}}}). A tensor larger than the shard size gets a
 * shard of its own; a tensor is never split across files.
 */
public final class WeightsFiles {
  /** The formats by suffix. */
  public enum Format {
    NPZ(".npz"), SAFETENSORS(".safetensors");

    final String suffix;

    Format(String suffix) {
      this.suffix = suffix;
    }
  }

  /**
   * One file to write and the tensors it holds, in order: the weights after the previous part's, or, where
   * {@code weights} is not null, the weights of these indices (Keras' shards, which follow its save order).
   */
  public record Part(Path path, List<WeightEntry> entries, List<Integer> weights) {
    public Part(Path path, List<WeightEntry> entries) {
      this(path, entries, null);
    }

    public long bytes() {
      return entries.stream().mapToLong(WeightEntry::bytes).sum();
    }
  }

  /** Opens the writer of one part over its stream: a format this package cannot lay out alone (Keras' .h5 files). */
  @FunctionalInterface
  public interface Opener {
    WeightsFileWriter open(Part part, OutputStream out) throws IOException;
  }

  private final Format format;
  private final List<Part> parts;
  private final Path index;
  private final Opener opener;
  private final byte[] openerIndex; // the index of an opener's shards, which lays out its own files
  private final Pattern openerShards; // the names of an opener's shards, for the stale ones

  private WeightsFiles(Format format, List<Part> parts, Path index, Opener opener) {
    this(format, parts, index, opener, null, null);
  }

  private WeightsFiles(Format format, List<Part> parts, Path index, Opener opener, byte[] openerIndex,
      Pattern openerShards) {
    this.format = format;
    this.parts = List.copyOf(parts);
    this.index = index;
    this.opener = opener;
    this.openerIndex = openerIndex;
    this.openerShards = openerShards;
  }

  /** One file {@code out} holding {@code entries}, written by {@code opener}'s writer. */
  public static WeightsFiles single(Path out, List<WeightEntry> entries, Opener opener) {
    return new WeightsFiles(null, List.of(new Part(out, entries)), null, opener);
  }

  /**
   * Shards of a format this package cannot lay out alone (Keras' sharded .weights.h5), each written by
   * {@code opener}'s writer, and their {@code index} holding {@code indexJson}. Files beside it whose names match
   * {@code shardNames} and that this write does not have are an earlier write's shards, removed when it commits.
   */
  public static WeightsFiles shards(List<Part> parts, Path index, byte[] indexJson, Pattern shardNames,
      Opener opener) {
    return new WeightsFiles(null, parts, index, opener, indexJson.clone(), shardNames);
  }

  /**
   * The format {@code out}'s name asks for: {@code .safetensors} (any case), else {@code .npz}, as before there was a
   * choice (so a device, a pipe or any other name still receives an .npz stream).
   */
  public static Format formatOf(Path out) {
    String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(Format.SAFETENSORS.suffix) ? Format.SAFETENSORS : Format.NPZ;
  }

  /**
   * Lays out {@code entries} for {@code out}.
   *
   * @param maxShardBytes the most bytes of tensor data per safetensors file, or 0 for one file
   */
  public static WeightsFiles plan(Path out, List<WeightEntry> entries, long maxShardBytes) {
    Format format = formatOf(out);
    Set<String> keys = new HashSet<>();
    for (WeightEntry e : entries) {
      if (!keys.add(e.key())) {
        throw new KerasInitException("--out " + out + ": two weights share the key \"" + e.key() + "\"");
      }
      if (format == Format.NPZ) {
        NpzWriter.checkKey(e.key());
      }
    }
    if (maxShardBytes > 0 && format != Format.SAFETENSORS) {
      throw new KerasInitException("--max-shard-size needs a .safetensors --out; got " + out);
    }
    List<List<WeightEntry>> groups = new ArrayList<>();
    List<WeightEntry> current = new ArrayList<>();
    long bytes = 0;
    for (WeightEntry e : entries) {
      if (maxShardBytes > 0 && !current.isEmpty() && bytes + e.bytes() > maxShardBytes) {
        groups.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(e);
      bytes += e.bytes();
    }
    groups.add(current);
    if (groups.size() == 1) {
      return new WeightsFiles(format, List.of(new Part(out, groups.get(0))), null, null);
    }
    String name = out.getFileName().toString();
    String stem = name.substring(0, name.length() - Format.SAFETENSORS.suffix.length());
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      String shard = String.format(Locale.ROOT, "%s-%05d-of-%05d.safetensors", stem, i + 1, groups.size());
      parts.add(new Part(out.resolveSibling(shard), groups.get(i)));
    }
    return new WeightsFiles(format, parts, out.resolveSibling(name + ".index.json"), null);
  }

  public List<Part> parts() {
    return parts;
  }

  /** The index file of a sharded output, or null. */
  public Path index() {
    return index;
  }

  /** Every file this output writes: the parts, then the index. */
  public List<Path> files() {
    List<Path> files = new ArrayList<>();
    parts.forEach(p -> files.add(p.path()));
    if (index != null) {
      files.add(index);
    }
    return files;
  }

  /**
   * The files of an earlier write to the same {@code --out} that this one does not replace and that a loader would
   * take for these weights: a single {@code X.safetensors} beside a new index (Hugging Face's loaders read the single
   * file first), an index beside a new single file, and shards {@code X-NNNNN-of-MMMMM.safetensors} this write does
   * not have, as {@code save_pretrained} cleans them; for Keras' sharded weights, shards {@code X_NNNNN.weights.h5}
   * this write does not have. Only regular files; none for a .npz or a single .h5.
   */
  public List<Path> staleFiles() {
    if (openerShards != null) {
      return staleSiblings(index, openerShards, p -> false);
    }
    if (format != Format.SAFETENSORS) {
      return List.of();
    }
    Path out = parts.size() == 1 && index == null ? parts.get(0).path()
        : index.resolveSibling(index.getFileName().toString().replaceFirst("\\.index\\.json$", ""));
    String name = out.getFileName().toString();
    String stem = name.substring(0, name.length() - Format.SAFETENSORS.suffix.length());
    Pattern shard = Pattern.compile(Pattern.quote(stem) + "-\\d{5}-of-\\d{5}\\.safetensors");
    return staleSiblings(out, shard, n -> index == null ? n.equals(name + ".index.json") : n.equals(name));
  }

  /**
   * The regular files beside {@code out} that this write does not have and that are its shards by name
   * ({@code shard}) or its other form ({@code counterpart}).
   */
  private List<Path> staleSiblings(Path out, Pattern shard, java.util.function.Predicate<String> counterpart) {
    Set<Path> written = new HashSet<>(files());
    List<Path> stale = new ArrayList<>();
    Path dir = out.toAbsolutePath().getParent();
    try (Stream<Path> siblings = Files.list(dir)) {
      for (Path p : (Iterable<Path>) siblings.sorted()::iterator) {
        String n = p.getFileName().toString();
        if ((counterpart.test(n) || shard.matcher(n).matches()) && !written.contains(out.resolveSibling(n))
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          stale.add(out.resolveSibling(n));
        }
      }
    } catch (IOException e) {
      // a directory that cannot be listed holds nothing this write can clean
    }
    return stale;
  }

  /** A writer for one part over {@code out} (which it closes). */
  public WeightsFileWriter open(Part part, OutputStream out) throws IOException {
    if (opener != null) {
      return opener.open(part, out);
    }
    return format == Format.NPZ ? new NpzWriter(out) : new SafetensorsWriter(out, part.entries());
  }

  /** The index's JSON: total data bytes and each key's shard file name (safetensors), or the opener's own. */
  public byte[] indexJson() {
    if (openerIndex != null) {
      return openerIndex.clone();
    }
    StringBuilder sb = new StringBuilder("{\n  \"metadata\": {\n    \"total_size\": ");
    sb.append(parts.stream().mapToLong(Part::bytes).sum()).append("\n  },\n  \"weight_map\": {");
    boolean first = true;
    for (Part p : parts) {
      for (WeightEntry e : p.entries()) {
        sb.append(first ? "\n    " : ",\n    ").append(PythonText.jsonString(e.key())).append(": ")
            .append(PythonText.jsonString(p.path().getFileName().toString()));
        first = false;
      }
    }
    sb.append("\n  }\n}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a size such as {@code 256MiB}, {@code 2GB}, {@code 1.5GiB} or a byte count, exactly (decimal arithmetic:
   * {@code 1.5KiB} is 1536 bytes); a size that is not a whole number of bytes or is past 2^63 - 1 bytes is refused,
   * not rounded. One-line error naming the option and the text.
   */
  public static long parseSize(String text, String option) {
    String t = text.trim();
    int split = 0;
    while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
      split++;
    }
    String unit = t.substring(split).trim().toLowerCase(Locale.ROOT);
    long multiplier;
    switch (unit) {
      case "": case "b": multiplier = 1; break;
      case "k": case "kb": multiplier = 1000L; break;
      case "kib": multiplier = 1L << 10; break;
      case "m": case "mb": multiplier = 1000_000L; break;
      case "mib": multiplier = 1L << 20; break;
      case "g": case "gb": multiplier = 1000_000_000L; break;
      case "gib": multiplier = 1L << 30; break;
      case "tb": multiplier = 1000_000_000_000L; break;
      case "tib": multiplier = 1L << 40; break;
      default: multiplier = -1;
    }
    BigDecimal bytes = null;
    try {
      bytes = split == 0 || multiplier < 0 ? null
          : new BigDecimal(t.substring(0, split)).multiply(BigDecimal.valueOf(multiplier));
    } catch (NumberFormatException e) {
      bytes = null; // "1.2.3", "."
    }
    String what = option + " \"" + text + "\": ";
    if (bytes == null || bytes.signum() <= 0) {
      throw new KerasInitException(what + "expected a positive size such as 256MiB, 2GB, 1.5GiB or a byte count (units"
          + " B, KB, KiB, MB, MiB, GB, GiB, TB, TiB)");
    }
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new KerasInitException(what + bytes.toBigInteger() + " bytes is past the largest size, 2^63 - 1 = "
          + Long.MAX_VALUE + " bytes");
    }
    if (bytes.stripTrailingZeros().scale() > 0) {
      throw new KerasInitException(what + "is " + bytes.stripTrailingZeros().toPlainString() + " bytes; give a whole"
          + " number of bytes");
    }
    return bytes.longValueExact();
  }
}
