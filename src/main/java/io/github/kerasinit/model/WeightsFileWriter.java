package io.github.kerasinit.model;

import io.github.kerasinit.model.core.WeightSpec;
import java.io.IOException;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * A weights file being written: each weight of {@link KerasModel#weights()} is added once, in that order, with its
 * bytes (C order, little endian), read from the native buffer in chunks. Made by {@link WeightsFileFormat#open}.
 */
public interface WeightsFileWriter extends AutoCloseable {
  void add(WeightSpec weight, ByteDataBuffer data) throws IOException;

  /** Ends the file; the caller closes the stream. */
  @Override
  void close() throws IOException;
}
