package io.github.kerasinit.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.kerasinit.DType;
import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.KerasInitializer;
import io.github.kerasinit.TestTensors;
import io.github.kerasinit.config.Initializers;
import io.github.kerasinit.model.KerasModel;
import io.github.kerasinit.model.MaterializedWeights;
import io.github.kerasinit.tensor.TensorBytes;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/** The CPU side of device placement: ops carry the requested device, absent devices are clear errors. */
class DevicePlacementTest {

  @Test
  void theCpuIsListedFirstWithItsFullName() {
    List<Devices.Device> devices = Devices.list();
    assertEquals("/CPU:0", devices.get(0).shortName());
    assertTrue(devices.get(0).fullName().endsWith("/device:CPU:0"), devices.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/CPU:0", "CPU:0", "/device:CPU:0", "/cpu:0", " /CPU:0 "})
  void theWaysTfWritesADeviceAreAccepted(String spec) {
    assertEquals("/CPU:0", Devices.require(spec).shortName());
  }

  /** Each row: a device spec, and what the error says about it; {@code ''} is the empty string. */
  @ParameterizedTest(name = "\"{0}\": {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /GPU:0                      | does not exist
      /CPU:1                      | does not exist
      /TPU:0                      | does not exist
      gpu                         | not a device name
      /job:localhost/device:CPU:0 | not a device name
      ''                          | empty
      """)
  void absentOrMalformedDevicesAreClearErrorsListingTheDevicesSeen(String spec, String error) {
    assumeFalse(Devices.accelerators().contains(spec), () -> spec + " exists on this machine (accelerators: "
        + Devices.accelerators() + "), so asking for it is no error here");
    KerasInitException e = assertThrows(KerasInitException.class, () -> Devices.require(spec));
    assertTrue(e.getMessage().contains(error) && e.getMessage().contains("devices seen: /CPU:0"), e.getMessage());
  }

  @Test
  void everyOpOfEveryInitializerCarriesTheRequestedDevice() {
    for (String json : DeviceComparison.CONFIGS) {
      KerasInitializer init = Initializers.deserialize(json);
      Shape shape = init.className().equals("STFT") ? Shape.of(8, 1, 5) : Shape.of(8, 6);
      try (Graph g = new Graph()) {
        init.call(Devices.place(Ops.create(g), "/CPU:0"), shape, DType.FLOAT32);
        int ops = 0;
        for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ops++) {
          GraphOperation op = it.next();
          assertEquals("/device:CPU:0", op.device(), init.className() + ": op " + op.name() + " (" + op.type() + ")");
        }
        assertTrue(ops > 0, init.className());
      }
    }
  }

  @Test
  void withoutADeviceTheOpsAreLeftToTf() {
    try (Graph g = new Graph()) {
      Initializers.get("he_normal").call(Ops.create(g), Shape.of(4, 4), DType.FLOAT32);
      g.operations().forEachRemaining(op -> assertEquals("", op.device(), op.name()));
    }
  }

  @Test
  void placedEagerCallsGiveTheSameBytes() {
    KerasInitializer init = Initializers.deserialize("{\"class_name\": \"TruncatedNormal\", \"config\": {\"seed\": 5}}");
    assertArrayEquals(TestTensors.eager(init, Shape.of(64, 32), DType.FLOAT32).bytes,
        TestTensors.eager(init, Shape.of(64, 32), DType.FLOAT32, 1, "/CPU:0").bytes);
  }

  @Test
  void modelsMaterializeOnARequestedDeviceAndRefuseAnAbsentOne() {
    KerasModel model = KerasModel.load(Path.of("models/cnn_bn.json"), KerasModel.options().seed(3));
    try (MaterializedWeights anywhere = model.materialize(); MaterializedWeights cpu = model.materialize("/CPU:0")) {
      for (String path : anywhere.asMap().keySet()) {
        assertArrayEquals(TensorBytes.of(anywhere.get(path)), TensorBytes.of(cpu.get(path)), path);
      }
    }
    try (Graph g = new Graph()) {
      model.initialValues(Devices.place(Ops.create(g), "/CPU:0"));
      g.operations().forEachRemaining(op -> assertEquals("/device:CPU:0", op.device(), op.name()));
    }
    KerasInitException e = assertThrows(KerasInitException.class, () -> model.materialize("/CPU:3"));
    assertTrue(e.getMessage().contains("\"/CPU:3\" does not exist"), e.getMessage());
  }

  @Test
  void sessionConfigsGrowGpuMemoryAndNeverFallBackSilently() {
    for (ConfigProto config : List.of(SessionConfigs.forInitializers(), SessionConfigs.forEager())) {
      assertTrue(config.getGpuOptions().getAllowGrowth());
      assertFalse(config.getAllowSoftPlacement());
    }
  }

  @Test
  void theDeviceComparisonFindsTheCpuEqualToItself() {
    for (DeviceComparison.Row row : DeviceComparison.compare("/CPU:0", "/CPU:0", 16)) {
      assertEquals(row.compared(), row.bitEqual(), row.toString());
      assertEquals(0, row.maxUlp(), row.toString());
      assertTrue(row.compared() >= 3, row.toString());
    }
  }
}
