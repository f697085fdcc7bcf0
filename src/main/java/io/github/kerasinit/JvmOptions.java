package io.github.kerasinit;

/**
 * The JVM options the {@code keras-init} launcher (src/main/launcher/keras-init) gives unless
 * {@code KERAS_INIT_JAVA_OPTS} replaces them: a message that suggests more options (a larger heap, a larger stack)
 * starts from these, because the variable replaces them rather than adding to them. {@code LauncherTest} holds the
 * launcher to this.
 */
public final class JvmOptions {
  /**
   * The serial collector with a small young generation: the weights live in TensorFlow's native memory and the heap
   * holds little that lives, so a large young generation only grows the resident memory (ResNet50's peak over the
   * baseline: 1.28 x its weights with this kind of setting, 1.55 x with the JVM's defaults). 32 MiB rather than 24:
   * ResNet50's process allocates about 22 MB and then needs no collection (with 24 MiB one, of 13-16 ms; measured,
   * interleaved rounds of 15: its table 0.71 -> 0.68 s, to .npz 0.93 -> 0.90 s, peak RSS 3-5 MiB lower).
   */
  public static final String LAUNCHER_DEFAULT = "-XX:+UseSerialGC -Xmn32m";

  private JvmOptions() {}
}
