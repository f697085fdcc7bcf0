package io.github.kerasinit.model.core;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.Registry;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of a layer's config that its class does not take. Keras' constructor refuses them ({@code Unrecognized
 * keyword arguments passed to Dense: {'foo': 1}}), so a misspelt argument ({@code kernel_initialiser}) is refused
 * here too rather than ignored with its default used. The keys each class takes are Keras 3.15.1's
 * ({@link LayerClasses#keywords}); a class without that list (outside keras.layers, or InputLayer, which ignores
 * unknown keys) is not checked.
 *
 * <p>Refused where the config is Keras 3's: the layer's entry has a {@code module} (Keras 3 writes one for every
 * layer) and the file is not a Keras 2 one. A config of Keras 2's form (tf.keras 2.x: {@code keras_version} 2.x, list
 * inbound nodes, an .h5 {@code model_config}; or no {@code module} keys) may carry keys Keras 3 no longer takes (LSTM's
 * {@code time_major}, SeparableConv2D's {@code kernel_initializer}). Keras 3 refuses such a file; keras-init reads it
 * without those keys and names them in a warning, once per class and keys.
 */
public final class LayerKeywords {
  /** Keras 2's input shape on the first layer of a Sequential: read as the model's input (Keras' legacy loader too). */
  private static final Set<String> KERAS2_KEYS = Set.of("batch_input_shape");

  private final boolean keras3File;
  private final ModelContext context;
  private final Set<String> warned = new HashSet<>();

  /** For one model's layers; {@code keras3File}: a file Keras 3 reads as it is (not tf.keras 2's, not an .h5). */
  public LayerKeywords(boolean keras3File, ModelContext context) {
    this.keras3File = keras3File;
    this.context = context;
  }

  /** {@link InnerLayers#readAsKeras3}: the layer's entry has a {@code module}, in a file Keras 3 reads as it is. */
  public boolean readAsKeras3(LayerConfig config) {
    return keras3File && config.envelope().containsKey("module");
  }

  /** Refuses (Keras 3) or warns about (Keras 2) the keys of {@code config} its class does not take. */
  public void check(LayerConfig config) {
    Set<String> taken = LayerClasses.keywords(config.className());
    if (taken == null) {
      return;
    }
    boolean keras3 = readAsKeras3(config);
    List<String> unknown = new ArrayList<>();
    for (String key : config.values().keySet()) {
      if (!taken.contains(key) && (keras3 || !KERAS2_KEYS.contains(key))) {
        unknown.add(key);
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    List<String> shown = new ArrayList<>();
    for (String key : unknown) {
      shown.add("`" + key + "` = " + PythonText.abbreviate(PythonText.json(config.values().get(key))));
    }
    String keys = String.join(", ", shown);
    if (keras3) {
      List<String> closest = new ArrayList<>();
      for (String key : unknown) {
        closest.add((unknown.size() > 1 ? "for `" + key + "`: " : "") + String.join(", ",
            Registry.closest(key, taken, 3)));
      }
      boolean one = unknown.size() == 1;
      throw new KerasInitException("layer " + config + ": unrecognized keyword argument" + (one ? " " : "s ") + keys
          + ": Keras 3.15.1's " + config.className() + " takes no argument"
          + (one ? " of that name" : "s of these names") + " and refuses the config (\"Unrecognized keyword arguments"
          + " passed to " + config.className() + "\"); closest names: " + String.join("; ", closest));
    }
    if (warned.add(config.className() + " " + unknown)) {
      context.warn("layer " + config + ": ignored " + keys + ", which Keras 3.15.1's " + config.className()
          + " does not take (Keras 3 refuses " + (unknown.size() > 1 ? "them" : "it") + "; keras-init reads configs"
          + " in Keras 2's form, as this one is, without " + (unknown.size() > 1 ? "them" : "it") + "); not repeated"
          + " for other " + config.className() + " layers");
    }
  }
}
