package io.github.kerasinit.tensor;

import io.github.kerasinit.KerasInitException;

/**
 * The one-line error for running out of memory while making a tensor. JavaCPP, which holds TF-Java's native memory,
 * throws {@link OutOfMemoryError} when the process outgrows {@code org.bytedeco.javacpp.maxPhysicalBytes} (by default
 * 4 times the maximum heap, so about the machine's memory with the JVM's default heap), and the heap throws it when
 * full; either way the user needs to know what was being made, how big it is, and which limits exist.
 */
public final class OutOfMemory {
  private OutOfMemory() {}

  /** {@code what}: the weight or tensor, with its shape, dtype and bytes. */
  public static KerasInitException making(String what, OutOfMemoryError e) {
    return new KerasInitException("out of memory making " + what + ": " + e.getMessage() + "; free memory, or raise"
        + " the limits (for the keras-init command in KERAS_INIT_JAVA_OPTS): -Xmx (native memory may reach 4 times"
        + " it) or -Dorg.bytedeco.javacpp.maxPhysicalBytes", e);
  }
}
