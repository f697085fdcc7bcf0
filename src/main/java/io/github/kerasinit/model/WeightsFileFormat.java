package io.github.kerasinit.model;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.io.Hdf5Writer;
import io.github.kerasinit.io.NpzWriter;
import io.github.kerasinit.model.core.WeightSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * The weights files keras-init writes, chosen by the output's name as Keras chooses its loader by it:
 * {@code model.load_weights} reads a name ending in ".weights.h5" as a Keras 3 weights file and any other ".h5" or
 * ".hdf5" as a legacy one, so those layouts follow the name; every other name gets a .npz.
 */
public enum WeightsFileFormat {
  /** NumPy's .npz keyed by Keras weight path ({@code np.load(f)[w.path]}). */
  NPZ("npz"),
  /** Keras 3's {@code model.save_weights("x.weights.h5")} layout ({@link WeightsFileLayout#keras3}). */
  KERAS3("keras3"),
  /** The legacy .h5 weights layout tf.keras 2 writes and reads ({@link WeightsFileLayout#keras2}). */
  KERAS2("keras2");

  private final String option;

  WeightsFileFormat(String option) {
    this.option = option;
  }

  /** The name {@code --weights-format} takes. */
  public String option() {
    return option;
  }

  /** The format Keras reads a file of this name as. */
  public static WeightsFileFormat byName(Path out) {
    String name = String.valueOf(out.getFileName()).toLowerCase(Locale.ROOT);
    if (name.endsWith(".weights.h5")) {
      return KERAS3;
    }
    if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
      return KERAS2;
    }
    return NPZ;
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
    WeightsFileFormat chosen = null;
    for (WeightsFileFormat f : values()) {
      if (f.option.equals(choice)) {
        chosen = f;
      }
    }
    if (chosen == null) {
      throw new KerasInitException("--weights-format " + choice + ": expected keras3, keras2 or npz");
    }
    if (chosen != named) {
      throw new KerasInitException("--weights-format " + choice + " does not suit --out " + out + ": Keras reads "
          + "a name ending in .weights.h5 as keras3, another .h5/.hdf5 as keras2 (legacy), any other name is a .npz;"
          + " name the file for the format (" + chosen.example() + ")");
    }
    return chosen;
  }

  private String example() {
    switch (this) {
      case KERAS3:
        return "model.weights.h5";
      case KERAS2:
        return "model.h5";
      default:
        return "model.npz";
    }
  }

  /** Refuses, before any weight is made, a model this format cannot hold (paths a .npz cannot key). */
  public void check(KerasModel model, String what) {
    switch (this) {
      case NPZ:
        model.requireUniquePaths(what + ", a .npz keyed by weight path,");
        model.weights().forEach(w -> NpzWriter.checkKey(w.path()));
        break;
      case KERAS3:
        WeightsFileLayout.keras3(model);
        break;
      default:
        WeightsFileLayout.keras2(model);
    }
  }

  /** Starts the file on {@code out}; add every weight of the model, in order, then close it. */
  public WeightsFileWriter open(KerasModel model, OutputStream out) throws IOException {
    if (this == NPZ) {
      NpzWriter npz = new NpzWriter(out);
      return new WeightsFileWriter() {
        @Override
        public void add(WeightSpec weight, ByteDataBuffer data) throws IOException {
          npz.add(weight.path(), weight.dtype(), weight.shape(), data);
        }

        @Override
        public void close() throws IOException {
          npz.close();
        }
      };
    }
    return new H5(this == KERAS3 ? WeightsFileLayout.keras3(model) : WeightsFileLayout.keras2(model), out);
  }

  /** An .h5 file from its layout: the metadata now, each weight's datasets as the weight comes. */
  private static final class H5 implements WeightsFileWriter {
    private final Map<WeightSpec, List<Hdf5Writer.Dataset>> datasets = new IdentityHashMap<>();
    private final Hdf5Writer.Stream stream;

    H5(WeightsFileLayout layout, OutputStream out) throws IOException {
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
      stream = h5.start(out, order);
    }

    @Override
    public void add(WeightSpec weight, ByteDataBuffer data) throws IOException {
      for (Hdf5Writer.Dataset d : datasets.getOrDefault(weight, List.of())) {
        stream.write(d, data);
      }
    }

    @Override
    public void close() {
      stream.finish();
    }
  }
}
