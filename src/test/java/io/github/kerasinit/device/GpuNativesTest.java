package io.github.kerasinit.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JavaCPP is told to skip the CUDA build only where the class path does not carry it, and never over the user. */
class GpuNativesTest {
  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(GpuNatives.EXTENSION_PROPERTY);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(GpuNatives.EXTENSION_PROPERTY);
    } else {
      System.setProperty(GpuNatives.EXTENSION_PROPERTY, saved);
    }
  }

  /** A natives' folder is found as a resource of its jar: the CPU build's is, as the -gpu one is under -Pgpu. */
  @Test
  void aNativesFolderIsFoundOnTheClassPath() {
    String cpu = "org/tensorflow/internal/c_api/" + Loader.getPlatform() + "/";
    assertTrue(GpuNatives.class.getClassLoader().getResource(cpu) != null, cpu + " is not found");
  }

  @Test
  void theExtensionIsEmptiedOnlyWithoutTheCudaBuild() {
    System.clearProperty(GpuNatives.EXTENSION_PROPERTY);
    GpuNatives.skipSearchWhenAbsent();
    if (GpuNatives.onClassPath()) {
      assertEquals(null, System.getProperty(GpuNatives.EXTENSION_PROPERTY));
    } else {
      assertEquals("", System.getProperty(GpuNatives.EXTENSION_PROPERTY));
    }
  }

  @Test
  void aUsersExtensionIsKept() {
    System.setProperty(GpuNatives.EXTENSION_PROPERTY, "-gpu");
    GpuNatives.skipSearchWhenAbsent();
    assertEquals("-gpu", System.getProperty(GpuNatives.EXTENSION_PROPERTY));
  }
}
