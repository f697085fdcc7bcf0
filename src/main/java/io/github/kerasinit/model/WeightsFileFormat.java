package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.io.Hdf5Writer;
import io.github.kerasinit.io.KerasArchiveOutput;
import io.github.kerasinit.io.WeightEntry;
import io.github.kerasinit.io.WeightsFileWriter;
import io.github.kerasinit.io.WeightsFiles;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.text.PythonText;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The weights files keras-init writes, chosen by the output's name as Keras chooses its loader by it:
 * {@code model.load_weights} reads a name ending in ".weights.h5" as a Keras 3 weights file and any other ".h5" or
 * ".hdf5" as a legacy one, so those layouts follow the name; ".weights.json" is the index of Keras' sharded weights;
 * ".keras" is a model archive (config and weights, as {@code load_model} reads it); ".safetensors" is a safetensors file (shardable, {@link WeightsFiles}); a ".json" name
 * is refused (a weights file is no JSON); every other name gets a .npz (a device or a pipe included). Every format is
 * written as the weights stream, a big weight slice by slice.
 */
public enum WeightsFileFormat {
  /** NumPy's .npz keyed by Keras weight path ({@code np.load(f)[w.path]}). */
  NPZ("npz"),
  /** safetensors keyed by Keras weight path ({@code safetensors.numpy.load_file(f)[w.path]}), shardable. */
  SAFETENSORS("safetensors"),
  /** Keras 3's {@code model.save_weights("x.weights.h5")} layout ({@link WeightsFileLayout#keras3}). */
  KERAS3("keras3"),
  /** The legacy .h5 weights layout tf.keras 2 writes and reads ({@link WeightsFileLayout#keras2}). */
  KERAS2("keras2"),
  /**
   * A {@code .keras} archive, as {@code model.save("x.keras")} writes it: the model's config and its weights in
   * Keras 3's layout, so that {@code keras.models.load_model} gives the model with these initial weights.
   */
  KERAS_ARCHIVE("keras");

  /** The name of Keras' sharded weights' index ({@code save_weights("x.weights.json", max_shard_size=...)}). */
  static final String SHARD_INDEX_SUFFIX = ".weights.json";
  /** Keras' ShardedH5IOStore's default {@code max_shard_size}: 5 (GB, which Keras multiplies by 1024**3). */
  static final long KERAS_DEFAULT_SHARD_BYTES = 5L << 30;

  private final String option;

  WeightsFileFormat(String option) {
    this.option = option;
  }

  /** The name {@code --weights-format} takes. */
  public String option() {
    return option;
  }

  /**
   * The format Keras reads a file of this name as. Keras' {@code load_weights} tests the suffixes case-sensitively
   * (".weights.h5", then ".h5" or ".hdf5"), so "x.WEIGHTS.h5" is a legacy file to it, and a name that ends so only
   * in another case ("x.H5") is one it reads as neither: refused, rather than written in a format Keras will not load.
   */
  public static WeightsFileFormat byName(Path out) {
    String name = String.valueOf(out.getFileName());
    if (name.endsWith(".weights.h5")) {
      return KERAS3;
    }
    if (name.endsWith(".keras")) {
      return KERAS_ARCHIVE;
    }
    if (name.endsWith(SHARD_INDEX_SUFFIX)) {
      return KERAS3; // Keras' sharded weights: the index of its .weights.h5 shards
    }
    if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
      throw new KerasInitException("--out " + out + ": keras-init writes weights, and a file named .json would not"
          + " hold JSON; name it .keras (the model and its weights), .weights.h5, .weights.json (Keras' sharded"
          + " weights), .h5, .safetensors or .npz");
    }
    if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
      return KERAS2;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".h5") || lower.endsWith(".hdf5") || lower.endsWith(".keras")) {
      throw new KerasInitException("--out " + out + ": Keras chooses a file's loader by its suffix,"
          + " case-sensitively, and reads this name as no format; end it in .weights.h5 (keras3), .h5/.hdf5"
          + " (keras2, legacy) or .keras (the model archive)");
    }
    return WeightsFiles.formatOf(out) == WeightsFiles.Format.SAFETENSORS ? SAFETENSORS : NPZ;
  }

  /**
   * The format for {@code out} and an explicit choice ({@code null}: by name). A choice Keras would not read from a
   * file of that name (a legacy layout in "x.weights.h5") is refused.
   */
  public static WeightsFileFormat of(Path out, String choice) {
    WeightsFileFormat named = byName(out);
    if (choice == null) {
      return named;
    }
    WeightsFileFormat chosen = fromOption(choice);
    if (chosen != named) {
      throw new KerasInitException("--weights-format " + choice + " does not suit --out " + out + ": Keras reads "
          + "a name ending in .weights.h5 (or .weights.json, sharded) as keras3, another .h5/.hdf5 as keras2 (legacy),"
          + " .keras is a model archive, .safetensors is safetensors, any other name a .npz;"
          + " name the file for the format (" + chosen.example() + ")");
    }
    return chosen;
  }

  /** The format {@code --weights-format} names: keras3, keras2, keras, safetensors or npz. */
  public static WeightsFileFormat fromOption(String choice) {
    for (WeightsFileFormat f : values()) {
      if (f.option.equals(choice)) {
        return f;
      }
    }
    throw new KerasInitException("--weights-format " + choice + ": expected keras3, keras2, keras (a .keras archive),"
        + " safetensors or npz");
  }

  private String example() {
    return "model" + suffix();
  }

  /** The name ending a file of this format gets (--out-dir's files: DIR/NAME + suffix). */
  public String suffix() {
    switch (this) {
      case KERAS3:
        return ".weights.h5";
      case KERAS2:
        return ".h5";
      case KERAS_ARCHIVE:
        return ".keras";
      case SAFETENSORS:
        return ".safetensors";
      default:
        return ".npz";
    }
  }

  /** The weights as the entries of a weights file, keyed by Keras path, in {@code model.weights} order. */
  public static List<WeightEntry> entries(List<WeightSpec> weights) {
    List<WeightEntry> entries = new ArrayList<>();
    for (WeightSpec w : weights) {
      entries.add(new WeightEntry(w.path(), w.dtype(), w.shape()));
    }
    return entries;
  }

  /**
   * The files {@code out} becomes for {@code model}'s weights, checked before any weight is made: paths a .npz or
   * .safetensors cannot key, a model a Keras layout or a .keras archive cannot hold, and a shard size for a file that
   * is not sharded are refused.
   *
   * @param maxShardBytes the most bytes of data per shard (.safetensors, or Keras' shards, whose default it replaces),
   *     0 for one file
   */
  public WeightsFiles files(KerasModel model, Path out, long maxShardBytes) {
    List<WeightEntry> entries = entries(model.weights());
    if (this == NPZ || this == SAFETENSORS) {
      model.requireUniquePaths("--out " + out + ", a weights file keyed by weight path,");
      return WeightsFiles.plan(out, entries, maxShardBytes);
    }
    if (this == KERAS3 && String.valueOf(out.getFileName()).endsWith(SHARD_INDEX_SUFFIX)) {
      return kerasShards(model, out, maxShardBytes > 0 ? maxShardBytes : KERAS_DEFAULT_SHARD_BYTES);
    }
    if (maxShardBytes > 0) {
      throw new KerasInitException("--max-shard-size needs a .safetensors or .weights.json --out; got " + out);
    }
    if (this == KERAS_ARCHIVE) {
      byte[] config = KerasJson.write(model.configForArchive("--out " + out)).getBytes(StandardCharsets.UTF_8);
      WeightsFileLayout layout = WeightsFileLayout.keras3(model);
      return WeightsFiles.single(out, entries, (part, stream) -> {
        KerasArchiveOutput archive = new KerasArchiveOutput(stream, archiveMetadata(), config);
        return new H5(layout, model.weights(), archive::weights, archive);
      });
    }
    WeightsFileLayout layout = this == KERAS3 ? WeightsFileLayout.keras3(model) : WeightsFileLayout.keras2(model);
    return WeightsFiles.single(out, entries, (part, stream) -> new H5(layout, model.weights(), size -> stream,
        stream));
  }

  /**
   * Keras' sharded weights, as {@code model.save_weights("x.weights.json", max_shard_size=...)} writes them and
   * {@code model.load_weights("x.weights.json")} reads them: {@code x_00000.weights.h5}, {@code x_00001...}, each the
   * {@code .weights.h5} layout of its weights, and the index {@code x.weights.json} mapping each {@code vars} group to
   * the shards that hold its datasets, split as Keras splits them ({@link WeightsFileLayout#shards}). A shard's
   * weights stream in {@code model.weights} order; one saved twice (SpectralNormalization's kernel) in two shards is
   * made for each.
   */
  private static WeightsFiles kerasShards(KerasModel model, Path out, long maxShardBytes) {
    List<WeightSpec> weights = model.weights();
    WeightsFileLayout layout = WeightsFileLayout.keras3(model);
    List<WeightsFileLayout> shardLayouts = layout.shards(maxShardBytes);
    String name = out.getFileName().toString();
    // Keras: Path(x).stem with every ".weights" removed, then "_%05d.weights.h5"
    String base = name.substring(0, name.length() - ".json".length()).replace(".weights", "");
    Map<WeightsFileLayout.Dataset, String> shardOf = new IdentityHashMap<>();
    List<String> names = new ArrayList<>();
    List<java.util.Set<Integer>> held = new ArrayList<>(); // each shard's weights, in model.weights order
    java.util.Set<Integer> saved = new java.util.HashSet<>();
    for (int k = 0; k < shardLayouts.size(); k++) {
      names.add(String.format(Locale.ROOT, "%s_%05d.weights.h5", base, k));
      held.add(new java.util.TreeSet<>());
      for (WeightsFileLayout.Dataset d : shardLayouts.get(k).datasets()) {
        shardOf.put(d, names.get(k));
        held.get(k).add(d.weight());
        saved.add(d.weight());
      }
    }
    for (int i = 0; i < weights.size(); i++) {
      if (!saved.contains(i)) {
        held.get(0).add(i); // a weight Keras saves in no dataset is still made, for the table
      }
    }
    List<WeightsFiles.Part> parts = new ArrayList<>();
    Map<Path, Integer> shardNumbers = new HashMap<>();
    for (int k = 0; k < held.size(); k++) {
      Path path = out.resolveSibling(names.get(k));
      List<Integer> indices = new ArrayList<>(held.get(k));
      parts.add(new WeightsFiles.Part(path, entries(indices.stream().map(weights::get).toList()), indices));
      shardNumbers.put(path, k);
    }
    byte[] index = shardIndex(layout, shardOf);
    java.util.regex.Pattern shardNames = java.util.regex.Pattern.compile(
        java.util.regex.Pattern.quote(base) + "_\\d{5}\\.weights\\.h5");
    return WeightsFiles.shards(parts, out, index, shardNames, (part, stream) -> {
      int k = shardNumbers.get(part.path());
      return new H5(shardLayouts.get(k), part.weights().stream().map(weights::get).toList(), size -> stream, stream);
    });
  }

  /**
   * The index as Keras' {@code ShardedH5IOStore} writes it ({@code json.dumps(config, indent=4)}): the data's total
   * size in bytes as a float, and each {@code vars} group's shard files in the order it wrote them, the groups in its
   * save order: the file's name for a group of one dataset, else a list (of one name too).
   */
  private static byte[] shardIndex(WeightsFileLayout layout, Map<WeightsFileLayout.Dataset, String> shardOf) {
    Map<String, List<String>> weightMap = new java.util.LinkedHashMap<>();
    Map<String, Integer> datasets = new HashMap<>();
    long total = 0;
    for (WeightsFileLayout.Dataset d : layout.datasetsInSaveOrder()) {
      String shard = shardOf.get(d);
      String group = "/" + WeightsFileLayout.vars(d);
      List<String> files = weightMap.computeIfAbsent(group, k -> new ArrayList<>());
      if (!files.contains(shard)) {
        files.add(shard);
      }
      datasets.merge(group, 1, Integer::sum);
      total += d.bytes();
    }
    StringBuilder json = new StringBuilder("{\n    \"metadata\": {\n        \"total_size\": ")
        .append(weightMap.isEmpty() ? "0" : PythonText.jsonFloat((double) total)) // an int 0 until Keras adds a float
        .append("\n    },\n    \"weight_map\": {");
    String sep = "\n";
    for (Map.Entry<String, List<String>> e : weightMap.entrySet()) {
      json.append(sep).append("        ").append(PythonText.jsonAsciiString(e.getKey())).append(": ");
      sep = ",\n";
      if (datasets.get(e.getKey()) == 1) {
        json.append(PythonText.jsonAsciiString(e.getValue().get(0)));
        continue;
      }
      json.append("[");
      String inner = "\n";
      for (String f : e.getValue()) {
        json.append(inner).append("            ").append(PythonText.jsonAsciiString(f));
        inner = ",\n";
      }
      json.append("\n        ]");
    }
    json.append(weightMap.isEmpty() ? "}\n}" : "\n    }\n}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The archive's metadata.json as Keras writes it: the Keras version whose layout the archive follows, and when it
   * was saved (local time, Keras' {@code %Y-%m-%d@%H:%M:%S}).
   */
  private static byte[] archiveMetadata() {
    String saved = java.time.LocalDateTime.now(java.time.ZoneId.systemDefault()).format(
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss", Locale.ROOT));
    return ("{\"keras_version\": \"" + WeightsFileLayout.KERAS_VERSION + "\", \"date_saved\": \"" + saved + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A writer of this format for the whole model on {@code out} (one file); add every weight, in order. */
  public WeightsFileWriter open(KerasModel model, OutputStream out) throws IOException {
    WeightsFiles files = files(model, Path.of("model" + suffix()), 0);
    return files.open(files.parts().get(0), out);
  }

  /**
   * An .h5 file from its layout: the metadata first, then each weight's datasets as the weight streams in (in
   * {@code model.weights} order, a big one in parts). A weight Keras saves twice (SpectralNormalization's kernel) is
   * held until its last part, so both copies can be written.
   */
  private static final class H5 implements WeightsFileWriter {
    /** The stream of the file's bytes, opened once their count is known (a zip entry needs it first). */
    @FunctionalInterface
    interface Target {
      OutputStream open(long fileBytes) throws IOException;
    }

    private final Map<WeightSpec, List<Hdf5Writer.Dataset>> datasets = new IdentityHashMap<>();
    private final List<WeightSpec> weights;
    private final Hdf5Writer.Stream stream;
    private final OutputStream out;
    private final Closeable last; // closed after out: the archive around the file, or out itself
    private int next;
    private List<Hdf5Writer.Dataset> current = List.of();
    private java.io.ByteArrayOutputStream held; // the bytes of a weight with several datasets

    H5(WeightsFileLayout layout, List<WeightSpec> weights, Target target, Closeable last) throws IOException {
      this.weights = weights;
      this.last = last;
      Hdf5Writer h5 = new Hdf5Writer();
      for (WeightsFileLayout.Group g : layout.groups()) {
        Hdf5Writer.Group group = g.path().isEmpty() ? h5.root() : h5.root().group(g.path());
        g.attributes().forEach((k, v) -> {
          if (v instanceof String) {
            group.attribute(k, (String) v);
          } else if (v instanceof WeightsFileLayout.Bytes) {
            group.bytesAttribute(k, ((WeightsFileLayout.Bytes) v).value());
          } else {
            @SuppressWarnings("unchecked")
            List<String> list = (List<String>) v;
            group.attribute(k, list);
          }
        });
      }
      List<Hdf5Writer.Dataset> order = new ArrayList<>();
      for (WeightsFileLayout.Dataset d : layout.datasets()) {
        WeightSpec w = d.spec();
        Hdf5Writer.Dataset dataset = h5.root().dataset(d.path(), w.dtype(), w.shape());
        d.attributes().forEach((k, v) -> dataset.attribute(k, (String) v));
        datasets.computeIfAbsent(w, k -> new ArrayList<>()).add(dataset);
        order.add(dataset);
      }
      out = target.open(h5.fileSize(order));
      stream = h5.start(out, order);
    }

    @Override
    public void begin(WeightEntry entry) {
      WeightSpec w = weights.get(next++);
      if (!w.path().equals(entry.key())) {
        throw new IllegalStateException("weight " + entry.key() + " out of order: expected " + w.path());
      }
      current = datasets.getOrDefault(w, List.of());
      held = null;
      if (current.size() == 1) {
        stream.begin(current.get(0));
      } else if (current.size() > 1) {
        if (entry.bytes() > Integer.MAX_VALUE - 8) {
          throw new KerasInitException("weight " + entry.key() + " (" + entry.bytes() + " bytes) is saved "
              + current.size() + " times in a Keras weights file, which keras-init writes only for weights under 2"
              + " GiB");
        }
        held = new java.io.ByteArrayOutputStream((int) entry.bytes());
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (held != null) {
        held.write(bytes, offset, length);
      } else if (current.size() == 1) {
        stream.write(bytes, offset, length);
      }
    }

    @Override
    public void end() throws IOException {
      if (held != null) {
        byte[] bytes = held.toByteArray();
        for (Hdf5Writer.Dataset d : current) {
          stream.begin(d);
          stream.write(bytes, 0, bytes.length);
          stream.end();
        }
        held = null;
      } else if (current.size() == 1) {
        stream.end();
      }
    }

    @Override
    public void close() throws IOException {
      stream.finish();
      out.close();
      if (last != out) {
        last.close();
      }
    }
  }
}
