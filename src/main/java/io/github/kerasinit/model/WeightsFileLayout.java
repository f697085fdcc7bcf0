package io.github.kerasinit.model;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.SavedChild;
import io.github.kerasinit.model.core.WeightSpec;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each weight of a model goes in the .h5 weights files Keras reads, and the groups and attributes around them:
 * <ul>
 *   <li>{@link #keras3}: {@code model.save_weights("x.weights.h5")} of Keras 3.15.1 ({@code saving_lib._save_state}):
 *       the model's {@code vars} group, then its {@code layers} list, each layer under its snake_case class name
 *       counted per list ({@code layers/dense}, {@code layers/dense_1}), its own variables as {@code vars/0},
 *       {@code vars/1}... and its sublayers under their attribute names ({@code cell}, {@code forward_layer},
 *       {@code _softmax}), public attributes before private ones; a layer reached twice (shared) is saved once, where
 *       it is first reached. Every {@code vars} group carries the layer's {@code name}.</li>
 *   <li>{@link #keras2}: the legacy weights layout of {@code legacy_h5_format.save_weights_to_hdf5_group}, which
 *       tf.keras 2 wrote for {@code save_weights("x.h5")} and Keras 3 still reads for .h5 names: at the root
 *       {@code layer_names}, {@code backend}, {@code keras_version}; a group per layer with {@code weight_names}
 *       (its trainable weights, then its non-trainable ones) and each weight at {@code <layer>/<weight path>}.</li>
 * </ul>
 * Every dataset names the weight it holds by its index in {@link KerasModel#weights()}; SpectralNormalization's
 * kernel is in two datasets, as Keras writes it.
 */
public final class WeightsFileLayout {
  /**
   * The Keras version whose layouts these are: the keras_version a keras2 file (that of this version's legacy writer)
   * and a .keras archive's metadata.json say.
   */
  public static final String KERAS_VERSION = "3.15.1";

  /** A string attribute h5py stores as bytes (fixed-length); a plain String is a Python str (variable-length). */
  public static final class Bytes {
    private final String value;

    Bytes(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /** A group and its attributes (a String, {@link Bytes}, or a List of Strings, stored as bytes). */
  public static final class Group {
    private final String path;
    private final Map<String, Object> attributes;

    Group(String path, Map<String, Object> attributes) {
      this.path = path;
      this.attributes = attributes;
    }

    /** "" for the root. */
    public String path() {
      return path;
    }

    public Map<String, Object> attributes() {
      return Collections.unmodifiableMap(attributes);
    }
  }

  /** A dataset: its path, the weight it holds, its attributes. */
  public static final class Dataset {
    private final String path;
    private final int weight;
    private final WeightSpec spec;
    private final Map<String, Object> attributes;

    Dataset(String path, int weight, WeightSpec spec, Map<String, Object> attributes) {
      this.path = path;
      this.weight = weight;
      this.spec = spec;
      this.attributes = attributes;
    }

    public String path() {
      return path;
    }

    /** Its index in {@link KerasModel#weights()}. */
    public int weight() {
      return weight;
    }

    public WeightSpec spec() {
      return spec;
    }

    public Map<String, Object> attributes() {
      return Collections.unmodifiableMap(attributes);
    }

    /** The bytes of its data. */
    public long bytes() {
      return spec.size() * spec.dtype().byteSize();
    }
  }

  private final List<Group> groups = new ArrayList<>();
  private final List<Dataset> datasets = new ArrayList<>();
  private final List<Object> tree = new ArrayList<>(); // keras3: groups and datasets in Keras' save order
  private final Map<WeightSpec, Integer> index; // shared by a layout's shards

  private WeightsFileLayout(KerasModel model) {
    index = new IdentityHashMap<>();
    List<WeightSpec> weights = model.weights();
    for (int i = 0; i < weights.size(); i++) {
      index.put(weights.get(i), i);
    }
  }

  private WeightsFileLayout(Map<WeightSpec, Integer> index) {
    this.index = index;
  }

  /** The groups that carry attributes (the others are the parents on the datasets' and these groups' paths). */
  public List<Group> groups() {
    return Collections.unmodifiableList(groups);
  }

  /** The datasets, in the order the file holds their bytes: by weight, then in tree order. */
  public List<Dataset> datasets() {
    return Collections.unmodifiableList(datasets);
  }

  /**
   * The files of Keras' sharded weights ({@code save_weights("x.weights.json", max_shard_size=...)}), as Keras'
   * {@code ShardedH5IOStore} fills them: in its save order, a dataset that would take a shard past
   * {@code maxShardBytes} of data starts the next one (a larger dataset gets a shard of its own, where Keras refuses
   * to save it; its loader reads it). It makes each {@code vars} group, with its attributes, in the shard it is writing
   * when it reaches the group, and again, without them, in each later shard that holds some of the group's datasets.
   * (Its loader finds a group's shards through the index, and reads a group missing from a shard as empty.)
   */
  List<WeightsFileLayout> shards(long maxShardBytes) {
    List<WeightsFileLayout> parts = new ArrayList<>(List.of(new WeightsFileLayout(index)));
    Map<String, Set<Integer>> made = new HashMap<>(); // each vars group: the shards it is in
    long size = 0; // the data in the current shard
    for (Object item : tree) {
      int current = parts.size() - 1;
      if (item instanceof Group) {
        Group g = (Group) item;
        parts.get(current).groups.add(g);
        made.computeIfAbsent(g.path(), p -> new java.util.HashSet<>()).add(current);
        continue;
      }
      Dataset d = (Dataset) item;
      long bytes = d.bytes();
      if (size > 0 && size + bytes > maxShardBytes) {
        parts.add(new WeightsFileLayout(index));
        current++;
        size = 0;
      }
      size += bytes;
      if (made.computeIfAbsent(vars(d), p -> new java.util.HashSet<>()).add(current)) {
        parts.get(current).groups.add(new Group(vars(d), new LinkedHashMap<>()));
      }
      parts.get(current).datasets.add(d);
    }
    for (WeightsFileLayout part : parts) {
      part.datasets.sort(Comparator.comparingInt(Dataset::weight));
    }
    return parts;
  }

  /** The datasets in Keras' save order (a keras3 layout), which {@link #datasets()} holds in weight order. */
  List<Dataset> datasetsInSaveOrder() {
    List<Dataset> out = new ArrayList<>();
    for (Object item : tree) {
      if (item instanceof Dataset) {
        out.add((Dataset) item);
      }
    }
    return out;
  }

  /** The {@code vars} group a Keras 3 dataset is in ({@code layers/dense/vars} of {@code layers/dense/vars/0}). */
  static String vars(Dataset d) {
    return d.path().substring(0, d.path().lastIndexOf('/'));
  }

  /** The Keras 3 {@code .weights.h5} layout. */
  public static WeightsFileLayout keras3(KerasModel model) {
    WeightsFileLayout layout = new WeightsFileLayout(model);
    layout.group(new Group("vars", new LinkedHashMap<>(Map.of("name", model.name()))));
    Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    layout.saveList(model.modelLayers(), "layers", visited);
    layout.datasets.sort(Comparator.comparingInt(Dataset::weight)); // stable: tree order within a weight
    return layout;
  }

  /** {@code _save_state} of one layer at {@code path}. */
  private void save(Layer layer, String path, Set<Object> visited) {
    if (!visited.add(layer)) {
      return;
    }
    group(new Group(path + "/vars", new LinkedHashMap<>(Map.of("name", layer.name()))));
    List<WeightSpec> own = layer.savedVariables();
    for (int i = 0; i < own.size(); i++) {
      WeightSpec w = own.get(i);
      Map<String, Object> attributes = new LinkedHashMap<>();
      if (w.dtype() == DType.BFLOAT16) {
        attributes.put("dtype", "bfloat16"); // H5IOStore marks the opaque 2-byte data so it reads it back
      }
      Dataset d = new Dataset(path + "/vars/" + i, indexOf(w), w, attributes);
      datasets.add(d);
      tree.add(d);
    }
    for (SavedChild child : layer.savedChildren()) {
      String childPath = path + "/" + child.attribute();
      if (child.layers() != null) {
        saveList(child.layers(), childPath, visited);
      } else if (child.layer() != null) {
        save(child.layer(), childPath, visited);
      } else {
        group(new Group(childPath + "/vars", new LinkedHashMap<>(Map.of("name", child.name()))));
      }
    }
  }

  private void group(Group g) {
    groups.add(g);
    tree.add(g);
  }

  /** {@code _save_container_state}: each layer under its snake_case class name, counted within the list. */
  private void saveList(List<Layer> layers, String path, Set<Object> visited) {
    Map<String, Integer> used = new HashMap<>();
    for (Layer layer : layers) {
      String name = PythonText.snakeCase(layer.kerasClassName());
      Integer n = used.merge(name, 0, (a, b) -> a + 1);
      save(layer, path + "/" + (n == 0 ? name : name + "_" + n), visited);
    }
  }

  private int indexOf(WeightSpec w) {
    Integer i = index.get(w);
    if (i == null) {
      throw new IllegalStateException("weight " + w + " is saved but not in model.weights");
    }
    return i;
  }

  /** The legacy (tf.keras 2) .h5 weights layout. */
  public static WeightsFileLayout keras2(KerasModel model) {
    WeightsFileLayout layout = new WeightsFileLayout(model);
    List<Layer> layers = model.modelLayers();
    List<String> names = new ArrayList<>();
    for (Layer layer : layers) {
      names.add(layer.name());
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("layer_names", names);
    root.put("backend", new Bytes("tensorflow")); // Keras writes these two .encode("utf8"): h5py's bytes
    root.put("keras_version", new Bytes(KERAS_VERSION));
    layout.groups.add(new Group("", root));
    for (Layer layer : layers) {
      List<WeightSpec> legacy = new ArrayList<>();
      for (WeightSpec w : layer.weights()) {
        if (w.trainable()) {
          legacy.add(w);
        }
      }
      for (WeightSpec w : layer.weights()) {
        if (!w.trainable()) {
          legacy.add(w);
        }
      }
      List<String> weightNames = new ArrayList<>();
      for (WeightSpec w : legacy) {
        if (weightNames.contains(w.path())) {
          throw new KerasInitException("a legacy .h5 file needs unique weight paths within layer \"" + layer.name()
              + "\", and two of its weights have the path \"" + w.path() + "\"; give the nested layers unique"
              + " names, or write a .weights.h5 file");
        }
        weightNames.add(w.path());
        layout.datasets.add(new Dataset(layer.name() + "/" + w.path(), layout.indexOf(w), w, new LinkedHashMap<>()));
      }
      layout.groups.add(new Group(layer.name(), new LinkedHashMap<>(Map.of("weight_names", weightNames))));
    }
    layout.groups.add(new Group("top_level_model_weights", new LinkedHashMap<>(Map.of("weight_names", List.of()))));
    layout.datasets.sort(Comparator.comparingInt(Dataset::weight));
    return layout;
  }
}
