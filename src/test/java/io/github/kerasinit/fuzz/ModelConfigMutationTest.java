package io.github.kerasinit.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.config.KerasJson;
import io.github.kerasinit.model.KerasModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A property test over mutated model configs: real configs from models/ with one to three random mutations each (a
 * value replaced by one of another type or an extreme one, a key removed, a list emptied or cut, an entry duplicated).
 * Whatever the mutation, {@link KerasModel#fromConfig} either reads the model or throws {@link KerasInitException}
 * whose message quotes no Java exception: nothing else (NullPointerException, ClassCastException,
 * IndexOutOfBounds..., whose names would reach a user as the CLI's one-line error) may escape. Seeded, so a failure
 * names a mutation that replays.
 */
class ModelConfigMutationTest {
  private static final List<String> MODELS = List.of("mlp", "cnn_bn", "text_bilstm_gru", "transformer_block",
      "layer_zoo", "nested_shared", "ops_zoo", "cells_stft", "random_layers", "attention_scores",
      "ops_slicing_unbuilt", "ops_einsum_matmul_unbuilt", "ops_pad_resize_unbuilt");
  private static final int MUTANTS_PER_MODEL = 1000;
  private static final Object[] ODD_VALUES = {null, "", "x", -1L, 0L, 1L, 1L << 40, -(1L << 40), 0.5, -2.5,
      Double.NaN, true, false, List.of(), List.of(1L), List.of("a", 2L), Map.of(), Map.of("a", 1L),
      List.of(List.of()), java.util.Arrays.asList((Object) null)};

  /** A Java exception's name or a JDK class in a message (Python's ValueError, KeyError... are Keras' words). */
  private static final java.util.regex.Pattern JAVA_EXCEPTION = java.util.regex.Pattern.compile(
      "java\\.|[A-Za-z]+Exception\\b");

  static {
    Logger.getLogger("io.github.kerasinit").setLevel(Level.SEVERE);
  }

  static Stream<String> models() {
    return MODELS.stream();
  }

  @ParameterizedTest
  @MethodSource("models")
  void mutatedConfigsLoadOrFailWithKerasInitException(String name) throws IOException {
    String text = Files.readString(Path.of("models", name + ".json"));
    List<String> escaped = new ArrayList<>();
    int loaded = 0;
    int refused = 0;
    for (int i = 0; i < MUTANTS_PER_MODEL; i++) {
      Random random = new Random(name.hashCode() * 1_000_003L + i);
      Object config = KerasJson.parse(text, name);
      List<String> log = new ArrayList<>();
      for (int m = 0; m < 1 + random.nextInt(3); m++) {
        config = mutate(config, random, "", log);
      }
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> model = config instanceof Map ? (Map<String, Object>) config : Map.of();
        KerasModel.fromConfig(model, KerasModel.options().seed(0));
        loaded++;
      } catch (KerasInitException expected) {
        refused++; // a clear error: fine, unless it quotes a Java exception
        if (JAVA_EXCEPTION.matcher(String.valueOf(expected.getMessage())).find()) {
          escaped.add("mutant " + i + " " + log + ": a message quoting Java: " + expected.getMessage());
        }
      } catch (RuntimeException | StackOverflowError e) {
        escaped.add("mutant " + i + " " + log + ": " + e);
      }
    }
    System.out.printf(java.util.Locale.ROOT, "%s: %d mutants loaded, %d refused with a clear error, %d escaped%n",
        name, loaded, refused, escaped.size());
    assertTrue(loaded > 0 && refused > MUTANTS_PER_MODEL / 10, "the mutations must reach both outcomes");
    assertTrue(escaped.isEmpty(), escaped.size() + " of " + MUTANTS_PER_MODEL + " mutants of " + name
        + " escaped as something else than KerasInitException, e.g.\n" + String.join("\n",
            escaped.subList(0, Math.min(5, escaped.size()))));
  }

  /** One mutation somewhere in the tree, chosen by a random walk; returns the (possibly replaced) node. */
  @SuppressWarnings("unchecked")
  private static Object mutate(Object node, Random random, String where, List<String> log) {
    boolean here = random.nextInt(12) == 0 || !(node instanceof Map || node instanceof List)
        || (node instanceof Map && ((Map<?, ?>) node).isEmpty()) || (node instanceof List && ((List<?>) node).isEmpty());
    if (!here) {
      if (node instanceof Map) {
        Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) node);
        List<String> keys = new ArrayList<>(map.keySet());
        List<String> deeper = keys.stream().filter(k -> map.get(k) instanceof Map || map.get(k) instanceof List)
            .toList();
        // mostly walk down, so that layer configs and inbound nodes get mutated, not just the top level
        List<String> pick = !deeper.isEmpty() && random.nextInt(5) > 0 ? deeper : keys;
        String key = pick.get(random.nextInt(pick.size()));
        if (random.nextInt(8) == 0) {
          map.remove(key);
          log.add(where + "/" + key + " removed");
        } else {
          map.put(key, mutate(map.get(key), random, where + "/" + key, log));
        }
        return map;
      }
      List<Object> list = new ArrayList<>((List<Object>) node);
      int i = random.nextInt(list.size());
      switch (random.nextInt(8)) {
        case 0 -> {
          list.remove(i);
          log.add(where + "[" + i + "] removed");
        }
        case 1 -> {
          list.add(i, list.get(i));
          log.add(where + "[" + i + "] duplicated");
        }
        default -> list.set(i, mutate(list.get(i), random, where + "[" + i + "]", log));
      }
      return list;
    }
    Object replacement = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
    log.add(where + " = " + replacement);
    return replacement;
  }
}
