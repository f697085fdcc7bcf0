package io.github.kerasinit.io;

import io.github.kerasinit.tensor.TensorBytes;
import java.io.IOException;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * Writes the tensors of one weights file front to back, each as its bytes arrive: {@link #begin}, any number of
 * {@link #write}s of consecutive parts (C order, little endian), {@link #end}. A tensor larger than memory is written
 * part by part as its slices are made. Formats: {@link NpzWriter} (.npz), {@link SafetensorsWriter}; {@link
 * WeightsFiles} picks one by the output's name.
 */
public interface WeightsFileWriter extends AutoCloseable {
  void begin(WeightEntry entry) throws IOException;

  /** The next bytes of the current tensor, read from {@code part} in chunks (never copied whole to the heap). */
  default void write(ByteDataBuffer part) throws IOException {
    copy(part, (chunk, length) -> write(chunk, 0, length));
  }

  /** The next {@code length} bytes of the current tensor. */
  void write(byte[] bytes, int offset, int length) throws IOException;

  /**
   * Whether a whole tensor is better given to {@link #add} than streamed: an .npz entry then carries its CRC-32 in its
   * local header, which every zip reader accepts.
   */
  default boolean prefersWhole() {
    return false;
  }

  void end() throws IOException;

  /** A whole tensor. */
  default void add(WeightEntry entry, ByteDataBuffer data) throws IOException {
    begin(entry);
    write(data);
    end();
  }

  /** Finishes the file (an index or a central directory) and closes the stream. */
  @Override
  void close() throws IOException;

  /** Copies {@code part} to a byte sink in chunks of {@link TensorBytes#CHUNK_BYTES}. */
  static void copy(ByteDataBuffer part, TensorBytes.ChunkConsumer<IOException> sink) throws IOException {
    TensorBytes.forEachChunk(part, TensorBytes.CHUNK_BYTES, sink);
  }
}
