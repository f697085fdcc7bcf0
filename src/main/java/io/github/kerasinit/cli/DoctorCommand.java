package io.github.kerasinit.cli;

import io.github.kerasinit.device.DeviceComparison;
import io.github.kerasinit.device.Devices;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tensorflow.TensorFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keras-init doctor}: TF version, devices, and a CPU-vs-device comparison of every initializer. */
@Command(name = DoctorCommand.NAME, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Compares every initializer on /CPU:0 with each other device.",
        "Prints the TensorFlow version, the natives in use and the devices TF sees, then runs every"
        + " initializer (seeded, 4 float dtypes) on /CPU:0 and on each other device and prints, per initializer,"
        + " how many results are bit-equal and the largest ulp distance. Exits 1 if a result that should be"
        + " bit-equal is not.",
        "  keras-init doctor                   compare /CPU:0 with every GPU",
        "  keras-init doctor --device /CPU:0   run the comparison against the CPU itself (a check of the check)"})
final class DoctorCommand implements Callable<Integer> {
  static final String NAME = "doctor";

  @Option(names = "--device", description = "Compare /CPU:0 with this device only (default: every non-CPU device).")
  String device;

  @Option(names = "--side", defaultValue = "256", description = "Each tensor is side x side (default ${DEFAULT-VALUE}).")
  int side;

  @Override
  public Integer call() {
    if (side < 2 || side > 4096) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--side must be 2..4096, got " + side);
    }
    PrintStream out = System.out;
    out.println("TensorFlow " + TensorFlow.version() + " (TF-Java 1.1.0), natives: " + nativesBuild());
    List<Devices.Device> devices = Devices.list();
    out.println("devices:");
    for (Devices.Device d : devices) {
      out.printf(Locale.ROOT, "  %-8s %s%s%n", d.shortName(), d.fullName(),
          d.type().equals("CPU") ? "" : String.format(Locale.ROOT, " (%,d MiB)", d.memoryBytes() >> 20));
    }
    List<String> targets = device != null ? List.of(Devices.require(device).shortName())
        : Devices.accelerators();
    if (targets.isEmpty()) {
      out.println("no GPU: nothing to compare the CPU with. A GPU needs the -Pgpu build (mvn -Pgpu package), CUDA 12"
          + " drivers and a visible device; `--device /CPU:0` runs the comparison against the CPU itself.");
      return 0;
    }
    boolean allAsExpected = true;
    for (String target : targets) {
      out.printf(Locale.ROOT, "%n/CPU:0 vs %s, %d x %d, float16/bfloat16/float32/float64:%n", target, side, side);
      out.printf(Locale.ROOT, "  %-16s %9s %12s  %s%n", "initializer", "bit-equal", "max ulp", "verdict");
      for (DeviceComparison.Row row : DeviceComparison.compare("/CPU:0", target, side)) {
        out.printf(Locale.ROOT, "  %-16s %5d / %-3d %12d  %s%n", row.initializer(), row.bitEqual(), row.compared(),
            row.maxUlp(), row.verdict());
        allAsExpected &= row.asExpected();
      }
    }
    out.println(allAsExpected ? "\nall as expected: stateless draws and constants bit-equal"
        : "\nUNEXPECTED differences above: stateless draws should be bit-equal across devices");
    return allAsExpected ? 0 : 1;
  }

  private static String nativesBuild() {
    String cp = System.getProperty("java.class.path", "");
    if (cp.contains("linux-x86_64-gpu")) {
      return "linux-x86_64-gpu (CUDA)";
    }
    return cp.contains("tensorflow-core-native") ? "CPU" : "unknown";
  }
}
