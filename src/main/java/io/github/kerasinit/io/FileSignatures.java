package io.github.kerasinit.io;

/** The first bytes that say what a file is, whatever its name: HDF5 (.h5, .weights.h5) and zip (.keras, .npz). */
public final class FileSignatures {
  private FileSignatures() {}

  /** HDF5's signature, at offset 0 (or after a user block: 512, 1024, 2048... bytes). */
  public static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  /** A zip's first local file header. */
  public static final byte[] ZIP = {'P', 'K', 3, 4};

  /** Whether {@code head} begins with {@code signature}. */
  public static boolean startsWith(byte[] head, byte[] signature) {
    if (head.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if (head[i] != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
