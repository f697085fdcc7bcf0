package io.github.kerasinit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kerasinit.device.Devices;
import org.junit.jupiter.api.Test;

/** {@code keras-init doctor}: what it prints and how it exits, on this (CPU) machine. */
class DoctorCommandTest {
  @Test
  void reportsVersionDevicesAndNoGpu() {
    CliRun r = CliRun.of("doctor");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("TensorFlow 2.18.0") && r.out().contains("/CPU:0"), r.out());
    if (!Devices.hasAccelerator()) {
      assertTrue(r.out().contains("no GPU"), r.out());
    }
  }

  @Test
  void comparesEveryInitializerAgainstARequestedDevice() {
    CliRun r = CliRun.of("doctor", "--device", "/CPU:0", "--side", "8");
    assertEquals(0, r.code(), r.err());
    for (String name : new String[] {"Zeros", "RandomNormal", "TruncatedNormal", "GlorotUniform", "Orthogonal",
        "Identity", "STFT"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(name + " ") && l.contains("bit-equal")),
          name + " missing from:\n" + r.out());
    }
    assertTrue(r.out().contains("all as expected"), r.out());
  }

  @Test
  void anAbsentDeviceIsAnInputError() {
    CliRun r = CliRun.of("doctor", "--device", "/GPU:9");
    assertEquals(1, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("\"/GPU:9\" does not exist"), r.err());
  }
}
