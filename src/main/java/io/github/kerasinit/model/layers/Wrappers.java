package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.InnerLayers;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code Bidirectional} and {@code TimeDistributed}. */
public final class Wrappers {
  private Wrappers() {}

  /**
   * {@code Bidirectional(layer, merge_mode="concat", backward_layer=None)}. As Keras' {@code from_config}: the wrapped
   * layer is deserialized (and discarded), the backward layer too when given; then the constructor makes the forward
   * layer (named {@code forward_<name>}) and, without a given backward layer, the backward one
   * ({@code backward_<name>}, {@code go_backwards} flipped) by re-deserializing the wrapped layer's config, so an
   * unseeded initializer draws anew for each copy while an int-seeded one gives both copies the same weights.
   */
  public static final class Bidirectional extends Layer {
    private final Layer forward;
    private final Layer backward;
    private final String mergeMode;

    public Bidirectional(LayerConfig config, ModelContext context) {
      super(config, context);
      wrappedLayer(); // Keras deserializes it first; only its draws matter
      InnerLayers factory = context.innerLayers();
      Map<String, Object> inner = config.layerDict("layer");
      Map<String, Object> backwardDict = config.layerDict("backward_layer");
      Layer explicitBackward = backwardDict == null ? null : factory.deserialize(backwardDict);
      // merge_mode=None is written as null (two outputs); only an absent key means the default "concat"
      mergeMode = config.values().containsKey("merge_mode") && config.raw("merge_mode") == null ? null
          : config.string("merge_mode", "concat");
      if (mergeMode != null && !List.of("sum", "mul", "ave", "concat").contains(mergeMode)) {
        throw new KerasInitException("layer " + this + ": `merge_mode` = " + PythonText.json(mergeMode) + "; Keras"
            + " requires \"sum\", \"mul\", \"ave\", \"concat\" or null (\"Invalid merge mode\")");
      }
      if (backwardDict != null) {
        refuseMismatchedBackward(new LayerConfig(inner), new LayerConfig(backwardDict));
      }
      String innerName = new LayerConfig(inner).name();
      forward = track("forward_layer", factory.deserialize(renamed(inner, "forward_" + removePrefix(innerName, "forward_"), null)));
      backward = track("backward_layer", explicitBackward != null ? explicitBackward
          : factory.deserialize(renamed(inner, "backward_" + removePrefix(innerName, "backward_"), Boolean.TRUE)));
    }

    /**
     * Keras' Bidirectional constructor: an explicit backward layer runs the other way and returns what the forward
     * layer returns.
     */
    private void refuseMismatchedBackward(LayerConfig forwardConfig, LayerConfig backwardConfig) {
      if (forwardConfig.bool("go_backwards", false) == backwardConfig.bool("go_backwards", false)) {
        throw new KerasInitException("layer " + this + ": its forward and backward layers have the same `go_backwards`"
            + " value; Keras requires different ones");
      }
      for (String key : List.of("stateful", "return_sequences", "return_state")) {
        if (forwardConfig.bool(key, false) != backwardConfig.bool(key, false)) {
          throw new KerasInitException("layer " + this + ": its forward and backward layers differ in `" + key
              + "`; Keras requires the same value");
        }
      }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> renamed(Map<String, Object> layer, String name, Boolean goBackwards) {
      Map<String, Object> copy = new LinkedHashMap<>(layer);
      Map<String, Object> cfg = new LinkedHashMap<>((Map<String, Object>) layer.get("config"));
      cfg.put("name", name);
      if (goBackwards != null) {
        cfg.put("go_backwards", goBackwards);
      }
      copy.put("config", cfg);
      return copy;
    }

    private static String removePrefix(String s, String prefix) {
      return s != null && s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    @Override
    protected void build(List<long[]> inputs) {
      forward.ensureBuilt(inputs, path());
      backward.ensureBuilt(inputs, path());
    }

    /**
     * Keras 3.15.1's {@code Bidirectional.compute_output_shape}, which the symbolic graph (and so every layer built
     * after it) uses: the forward layer's shapes only, its last dim doubled for "concat", its output twice for
     * merge_mode None, its states twice. A backward layer of other units makes a tensor of another size when run, but
     * the recorded shape, and the weights after it, are these (models/layer_zoo.json: GRU 3 + GRU 2 units, shape 6).
     */
    @Override
    protected List<long[]> computeOutputShapes(List<long[]> inputs) {
      List<long[]> f = forward.call(inputs, path());
      backward.call(inputs, path());
      List<long[]> out = new ArrayList<>();
      long[] fo = f.get(0);
      if (mergeMode == null) { // merge_mode None: both outputs
        out.add(fo);
        out.add(fo);
      } else if (mergeMode.equals("concat")) {
        long[] merged = fo.clone();
        merged[merged.length - 1] = fo[fo.length - 1] == Dims.UNKNOWN ? Dims.UNKNOWN : fo[fo.length - 1] * 2;
        out.add(merged);
      } else {
        out.add(fo);
      }
      out.addAll(f.subList(1, f.size()));
      out.addAll(f.subList(1, f.size()));
      return out;
    }
  }

  /** {@code TimeDistributed(layer)}: the layer sees {@code (batch,) + input[2:]}; outputs get the time dim back. */
  public static final class TimeDistributed extends Layer {
    private final Layer layer;

    public TimeDistributed(LayerConfig config, ModelContext context) {
      super(config, context);
      layer = track("layer", wrappedLayer());
    }

    private static long[] child(long[] in) {
      long[] c = new long[in.length - 1];
      c[0] = in[0];
      System.arraycopy(in, 2, c, 1, in.length - 2);
      return c;
    }

    @Override
    protected void build(List<long[]> inputs) {
      long[] in = single(inputs);
      if (in.length < 3) {
        throw new KerasInitException("layer " + this + " expects inputs of rank >= 3, got " + Dims.format(in));
      }
      layer.ensureBuilt(List.of(child(in)), path());
    }

    @Override
    protected List<long[]> computeOutputShapes(List<long[]> inputs) {
      long[] in = single(inputs);
      long[] out = layer.call(List.of(child(in)), path()).get(0);
      long[] full = new long[out.length + 1];
      full[0] = in[0];
      full[1] = in[1];
      System.arraycopy(out, 1, full, 2, out.length - 1);
      return List.of(full);
    }
  }
}
