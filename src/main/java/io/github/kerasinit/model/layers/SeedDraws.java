package io.github.kerasinit.model.layers;

import io.github.kerasinit.model.core.LayerConfig;
import java.util.List;
import java.util.Set;

/**
 * How many times a weightless Keras 3.15.1 layer's constructor draws {@code random.randint(1, 10**9)} from Python's
 * random (each unseeded {@code SeedGenerator}, and RandomCrop's own default seed): under
 * {@code keras.utils.set_random_seed} every later unseeded initializer's seed depends on that count. Read off
 * Keras' constructors; python-parity/export_models.py records Keras' live count for every seed-drawing class under
 * several configs ("seed_draws" in the layer-class enumeration) and LayerClassesTest holds this rule to it.
 */
public final class SeedDraws {
  /** {@code if rate > 0: SeedGenerator(seed)}. */
  private static final Set<String> RATE = Set.of("Dropout", "SpatialDropout1D", "SpatialDropout2D",
      "SpatialDropout3D", "GaussianDropout", "AlphaDropout");
  /** AugMix's sublayers, each given AugMix's seed: five, and four more with {@code all_ops=True}. */
  private static final int AUG_MIX_OPS = 5;
  private static final int AUG_MIX_ALL_OPS = 4;
  /** RandAugment's nine sublayers that hold a SeedGenerator (AutoContrast and Equalization hold none). */
  private static final int RAND_AUGMENT_OPS = 9;
  /** RandomColorJitter makes a sublayer for each of these given. */
  private static final List<String> JITTER_FACTORS = List.of("brightness_factor", "contrast_factor",
      "saturation_factor", "hue_factor");

  private SeedDraws() {}

  /** A Pipeline's {@code layers}, each a {class_name, config} dict; entries of another kind are left out. */
  @SuppressWarnings("unchecked")
  static List<LayerConfig> pipelineLayers(LayerConfig config) {
    List<LayerConfig> out = new java.util.ArrayList<>();
    if (config.raw("layers") instanceof List) {
      for (Object l : (List<?>) config.raw("layers")) {
        if (l instanceof java.util.Map && ((java.util.Map<?, ?>) l).get("config") instanceof java.util.Map) {
          out.add(new LayerConfig((java.util.Map<String, Object>) l));
        }
      }
    }
    return out;
  }

  /** The draws the constructor of this config's class takes; 0 for a class that makes no SeedGenerator. */
  public static int of(LayerConfig config) {
    String kind = config.className();
    boolean unseeded = config.raw("seed") == null;
    if (RATE.contains(kind)) {
      return config.number("rate", 0.0) > 0 && unseeded ? 1 : 0;
    }
    switch (kind) {
      case "GaussianNoise":
        return config.number("stddev", 0.0) > 0 && unseeded ? 1 : 0;
      case "RandomCrop":
        // self.seed = seed or make_default_seed(); then SeedGenerator(seed), the argument, None again
        return unseeded ? 2 : 0;
      case "AugMix":
        return unseeded ? 1 + AUG_MIX_OPS + (config.bool("all_ops", true) ? AUG_MIX_ALL_OPS : 0) : 0;
      case "RandAugment":
        return unseeded ? 1 + RAND_AUGMENT_OPS : 0;
      case "RandomColorJitter": {
        int given = 0;
        for (String factor : JITTER_FACTORS) {
          given += config.raw(factor) != null ? 1 : 0;
        }
        return unseeded ? 1 + given : 0;
      }
      case "Pipeline": {
        // from_config deserializes its layers in order: their draws
        int draws = 0;
        for (LayerConfig inner : pipelineLayers(config)) {
          draws += of(inner);
        }
        return draws;
      }
      case "CutMix":
      case "MixUp":
      case "Solarization":
        return unseeded ? 1 : 0;
      default:
        // RandomFlip, RandomRotation...: SeedGenerator(seed); RandomGrayscale's config has no seed at all
        return kind.startsWith("Random") && unseeded ? 1 : 0;
    }
  }
}
