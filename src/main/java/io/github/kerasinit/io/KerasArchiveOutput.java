package io.github.kerasinit.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * A {@code .keras} archive as Keras 3's {@code model.save} lays it out and {@code keras.models.load_model} reads
 * it: the entries {@code metadata.json}, {@code config.json} and {@code model.weights.h5}, in that order, stored
 * (Keras reads an entry of any method its zipfile knows). The weights file streams into its entry as it is written,
 * so a model's weights never sit whole in memory; its size must be known first.
 */
public final class KerasArchiveOutput implements Closeable {
  static final String WEIGHTS_ENTRY = "model.weights.h5";
  private final StoredZip zip;
  private boolean weightsBegun;

  /** Writes the two JSON entries to {@code out}, which {@link #close()} closes. */
  public KerasArchiveOutput(OutputStream out, byte[] metadataJson, byte[] configJson) throws IOException {
    zip = new StoredZip(out);
    entry("metadata.json", metadataJson);
    entry("config.json", configJson);
  }

  private void entry(String name, byte[] bytes) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    zip.begin(name, bytes.length, crc.getValue());
    zip.write(bytes, 0, bytes.length);
    zip.end();
  }

  /** The stream of {@code model.weights.h5}'s {@code bytes}; closing it ends the entry, not the archive. */
  public OutputStream weights(long bytes) throws IOException {
    if (weightsBegun) {
      throw new IllegalStateException(WEIGHTS_ENTRY + " begun twice");
    }
    weightsBegun = true;
    zip.begin(WEIGHTS_ENTRY, bytes, null);
    return new OutputStream() {
      private boolean ended;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        zip.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (!ended) {
          ended = true;
          zip.end();
        }
      }
    };
  }

  /** Writes the zip's directory and closes the stream. */
  @Override
  public void close() throws IOException {
    zip.close();
  }
}
