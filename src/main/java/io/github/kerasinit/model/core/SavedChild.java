package io.github.kerasinit.model.core;

import java.util.List;

/**
 * One attribute of a layer that Keras' weights saving visits ({@code saving_lib._walk_saveable}): a sublayer, a
 * weightless sublayer keras-init does not model (MultiHeadAttention's {@code _softmax}: only its class and name, for
 * the empty group Keras writes), or a list of layers (a model's {@code layers}, named in the file by their classes).
 */
public final class SavedChild {
  private final String attribute;
  private final Layer layer;
  private final String className;
  private final String name;
  private final List<Layer> layers;

  private SavedChild(String attribute, Layer layer, String className, String name, List<Layer> layers) {
    this.attribute = attribute;
    this.layer = layer;
    this.className = className;
    this.name = name;
    this.layers = layers;
  }

  static SavedChild layer(String attribute, Layer layer) {
    return new SavedChild(attribute, layer, layer.kerasClassName(), layer.name(), null);
  }

  static SavedChild weightless(String attribute, String className, String name) {
    return new SavedChild(attribute, null, className, name, null);
  }

  /** A list attribute: Keras names each element's group by its snake_case class, counted (dense, dense_1...). */
  public static SavedChild list(String attribute, List<Layer> layers) {
    return new SavedChild(attribute, null, null, null, List.copyOf(layers));
  }

  /** The Python attribute name: {@code cell}, {@code forward_layer}, {@code _softmax}, {@code layers}. */
  public String attribute() {
    return attribute;
  }

  /** The sublayer, or null for a weightless placeholder or a list. */
  public Layer layer() {
    return layer;
  }

  /** The Python class of the sublayer or placeholder ({@code Softmax}); null for a list. */
  public String className() {
    return className;
  }

  /** The sublayer's or placeholder's name; null for a list. */
  public String name() {
    return name;
  }

  /** The layers of a list attribute, else null. */
  public List<Layer> layers() {
    return layers;
  }

  /**
   * Keras' visiting order: attribute names sorted, public ones before private ones ({@code saving_lib._name_key}
   * puts a "~" before a leading underscore).
   */
  static int compare(SavedChild a, SavedChild b) {
    return key(a.attribute).compareTo(key(b.attribute));
  }

  private static String key(String attribute) {
    return attribute.startsWith("_") ? "~" + attribute : attribute;
  }
}
