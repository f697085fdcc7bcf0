package io.github.kerasinit.device;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.text.PythonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.DeviceSpec;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.op.Ops;

/**
 * The devices TensorFlow sees in this process ({@code /CPU:0}, {@code /GPU:0}, ...) and placing initializer ops on
 * one of them.
 *
 * <p>TF-Java 1.1 has no public device listing, so this asks the C API the way {@code tf.config.list_logical_devices}
 * does: a throwaway session's device list. The session is created with {@link SessionConfigs#forInitializers()},
 * whose GPU options grow memory on demand, so listing does not grab a GPU's memory.
 */
public final class Devices {
  /** "/CPU:0", "CPU:0", "/device:GPU:1", "/gpu:0" (TF accepts either case); no job/replica/task parts. */
  private static final Pattern SPEC = Pattern.compile("/?(?:device:)?([A-Za-z]+):(\\d+)");
  private static volatile List<Device> cached;

  private Devices() {}

  /** A device as TF names it, e.g. {@code /job:localhost/replica:0/task:0/device:GPU:0}, type {@code GPU}. */
  public record Device(String fullName, String type, int index, long memoryBytes) {
    /** The short form users write: {@code /GPU:0}. */
    public String shortName() {
      return "/" + type + ":" + index;
    }
  }

  /** Every device TF can place ops on in this process, CPU first. Listed once, then cached. */
  public static List<Device> list() {
    List<Device> devices = cached;
    if (devices == null) {
      synchronized (Devices.class) {
        if (cached == null) {
          cached = List.copyOf(listNow());
        }
        devices = cached;
      }
    }
    return devices;
  }

  /** The non-CPU devices ({@code /GPU:0}, ...), by their short names; empty on the CPU build or without a GPU. */
  public static List<String> accelerators() {
    return list().stream().filter(d -> !d.type().equals("CPU")).map(Device::shortName).toList();
  }

  /** Whether any non-CPU device is present. */
  public static boolean hasAccelerator() {
    return !accelerators().isEmpty();
  }

  /**
   * The device a user named, checked against {@link #list()}: an unknown or absent device is a clear error that
   * lists the devices seen, not an op that fails later (or, with soft placement, silently runs on the CPU).
   */
  public static Device require(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new KerasInitException("device is empty; write /CPU:0 or /GPU:0 (devices seen: " + seen() + ")");
    }
    Matcher m = SPEC.matcher(spec.trim());
    if (!m.matches()) {
      throw new KerasInitException("device \"" + PythonText.abbreviate(spec) + "\" is not a device name;"
          + " write /CPU:0, /GPU:0, /GPU:1... (devices seen: " + seen() + ")");
    }
    String type = m.group(1).toUpperCase(Locale.ROOT);
    int index;
    try {
      index = Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      index = -1;
    }
    for (Device d : list()) {
      if (d.type().equals(type) && d.index() == index) {
        return d;
      }
    }
    throw new KerasInitException("device \"" + spec + "\" does not exist in this process; devices seen: " + seen()
        + (type.equals("GPU") ? " (a GPU needs the -Pgpu build, CUDA 12 drivers and a visible GPU; see README)"
            : ""));
  }

  /**
   * {@code tf} with every op it builds placed on {@code spec}, after checking that the device exists; {@code tf}
   * itself when {@code spec} is null (TF's own placement).
   */
  public static Ops place(Ops tf, String spec) {
    if (spec == null) {
      return tf;
    }
    Device device = require(spec);
    return tf.withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.valueOf(device.type()))
        .deviceIndex(device.index()).build());
  }

  private static String seen() {
    return list().stream().map(Device::shortName).collect(Collectors.joining(", "));
  }

  private static List<Device> listNow() {
    TensorFlow.version(); // loads the native library
    List<Device> out = new ArrayList<>();
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_Graph graph = TF_NewGraph();
      TF_SessionOptions options = TF_NewSessionOptions();
      byte[] config = SessionConfigs.forInitializers().toByteArray();
      TF_SetConfig(options, new BytePointer(config), config.length, status);
      status.throwExceptionIfNotOK();
      TF_Session session = TF_NewSession(graph, options, status);
      status.throwExceptionIfNotOK();
      TF_DeviceList list = TF_SessionListDevices(session, status);
      status.throwExceptionIfNotOK();
      try {
        for (int i = 0; i < TF_DeviceListCount(list); i++) {
          String name = TF_DeviceListName(list, i, status).getString();
          String type = TF_DeviceListType(list, i, status).getString();
          long memory = TF_DeviceListMemoryBytes(list, i, status);
          status.throwExceptionIfNotOK();
          out.add(new Device(name, type, indexOf(name), memory));
        }
      } finally {
        TF_DeleteDeviceList(list);
        TF_CloseSession(session, status);
        TF_DeleteSession(session, status);
        TF_DeleteSessionOptions(options);
        TF_DeleteGraph(graph);
      }
    }
    return out;
  }

  private static int indexOf(String fullName) {
    return Integer.parseInt(fullName.substring(fullName.lastIndexOf(':') + 1));
  }
}
