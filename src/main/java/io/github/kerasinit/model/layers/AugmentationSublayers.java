package io.github.kerasinit.model.layers;

import io.github.kerasinit.model.core.LayerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The weightless sublayers Keras 3.15.1's composite augmentation layers make in {@code __init__}: AugMix and
 * RandAugment name theirs after themselves, RandomColorJitter makes one, auto-named, per factor it is given. They hold
 * no weights, but {@code model.save_weights} writes an empty group for each (measured: python-parity/weights_files.py).
 * The seed draws they take are counted in {@link SeedDraws}.
 */
final class AugmentationSublayers {
  /** AugMix's operations with {@code all_ops=False}; AutoContrast and Equalization take no seed. */
  private static final List<String> AUG_MIX = List.of("auto_contrast", "equalization", "random_posterization",
      "random_rotation", "random_shear", "random_translation", "solarization");
  /** The four more with {@code all_ops=True} (the default); RandAugment always has all eleven. */
  private static final List<String> ALL_OPS = List.of("random_brightness", "random_color_degeneration",
      "random_contrast", "random_sharpness");
  /** RandomColorJitter's factors, each making the layer named after it when given. */
  private static final List<String> JITTER_FACTORS = List.of("brightness", "contrast", "saturation", "hue");

  private AugmentationSublayers() {}

  /** A sublayer: the attribute (the group's name), its Keras class, its name (null: Keras' auto name). */
  record Sublayer(String attribute, String className, String name) {}

  static List<Sublayer> of(LayerConfig config, String layerName) {
    List<Sublayer> out = new ArrayList<>();
    switch (config.className()) {
      case "AugMix":
        named(out, AUG_MIX, layerName);
        if (config.bool("all_ops", true)) {
          named(out, ALL_OPS, layerName);
        }
        break;
      case "RandAugment":
        named(out, AUG_MIX, layerName);
        named(out, ALL_OPS, layerName);
        break;
      case "RandomColorJitter":
        for (String factor : JITTER_FACTORS) {
          if (config.raw(factor + "_factor") != null) {
            out.add(new Sublayer("random_" + factor, className("random_" + factor), null));
          }
        }
        break;
      default:
        break;
    }
    return out;
  }

  private static void named(List<Sublayer> out, List<String> attributes, String name) {
    for (String attribute : attributes) {
      out.add(new Sublayer(attribute, className(attribute), name));
    }
  }

  /** random_color_degeneration -> RandomColorDegeneration. */
  private static String className(String snake) {
    StringBuilder sb = new StringBuilder();
    for (String part : snake.split("_")) {
      sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return sb.toString();
  }
}
