package io.github.kerasinit.device;

import org.bytedeco.javacpp.Loader;

/**
 * Tells JavaCPP not to look for TF-Java's CUDA build when this class path does not carry it.
 *
 * <p>JavaCPP loads a native library first for the platform's {@code -gpu} extension: for TensorFlow that is the
 * {@code linux-x86_64-gpu} natives (the {@code -Pgpu} build) and 18 CUDA libraries, each looked up in every jar
 * and library directory and not found. Measured on 2 cores: 0.09 s of a bare TF-Java process's 0.42 s. An empty
 * {@code org.bytedeco.javacpp.platform.extension} makes JavaCPP look for the CPU natives only; the CUDA build is
 * recognized by its natives' folder on the class path, and a value the user set is kept.
 */
public final class GpuNatives {
  /** JavaCPP's system property for the platform extension it loads ({@code -gpu}, or empty for none). */
  public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

  private GpuNatives() {}

  /** Sets the empty extension unless the user set one or the class path has TF-Java's CUDA natives. */
  public static void skipSearchWhenAbsent() {
    if (System.getProperty(EXTENSION_PROPERTY) == null && !onClassPath()) {
      System.setProperty(EXTENSION_PROPERTY, "");
    }
  }

  /** Whether TF-Java's natives for this platform's CUDA build (its {@code -gpu} folder) are on the class path. */
  static boolean onClassPath() {
    String folder = "org/tensorflow/internal/c_api/" + Loader.getPlatform() + "-gpu/";
    return GpuNatives.class.getClassLoader().getResource(folder) != null;
  }
}
