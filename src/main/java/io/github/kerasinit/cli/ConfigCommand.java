package io.github.kerasinit.cli;

import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.config.KerasJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keras-init config}: any name or Keras 2/3 config in, the Keras 3 serialization out. */
@Command(name = ConfigCommand.NAME, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Prints the Keras serialization of an initializer name or config.",
        "Reads a name or a config (Keras 3 or Keras 2 dict) and prints what keras.initializers.serialize writes for"
            + " it, or the Keras 2 form.",
        "  keras-init config --config glorot_uniformV2",
        "  keras-init config --config '{\"class_name\": \"VarianceScaling\", \"config\": {\"distribution\": \"normal\"}}'"})
final class ConfigCommand implements Callable<Integer> {
  static final String NAME = "config";

  @Option(names = "--config", required = true, description = "A name, a JSON config, or @file.json.")
  String config;

  @Option(names = "--format", defaultValue = "keras3", description = "keras3 (default) or keras2.")
  String format;

  @Override
  public Integer call() {
    if (!format.equals("keras3") && !format.equals("keras2")) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--format must be keras3 or keras2, got " + format);
    }
    KerasInitializer init = Initializers.get(Configs.parseIdentifier(config));
    Map<String, Object> out = Initializers.serialize(init);
    if (format.equals("keras2")) {
      Map<String, Object> k2 = new LinkedHashMap<>();
      k2.put("class_name", out.get("class_name"));
      k2.put("config", out.get("config"));
      out = k2;
    }
    System.out.println(KerasJson.writePretty(out));
    return 0;
  }
}
