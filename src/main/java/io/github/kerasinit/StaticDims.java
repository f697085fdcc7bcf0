package io.github.kerasinit;

import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.family.TNumber;

/** The static shape inside the dims operand of the TF-Java framework's {@code Initializer.call}. */
final class StaticDims {
  private StaticDims() {}

  /**
   * Reads the dims operand the TF-Java framework's {@code Initializer.call} passes, without running a Session:
   * an eager operand's tensor, or the value of a graph {@code Const} op. Any other op is a dynamic shape.
   */
  static Shape fromDims(Operand<? extends TNumber> dims) {
    ExecutionEnvironment env = dims.op().env();
    if (env.isEager()) {
      try {
        return fromTensor(dims.asTensor());
      } finally {
        // an eager session holds results weakly: keep the operand (and so its tensor) alive while its bytes are read
        java.lang.ref.Reference.reachabilityFence(dims);
      }
    }
    if (dims.op() instanceof GraphOperation && "Const".equals(dims.op().type())) {
      try (Tensor value = ((GraphOperation) dims.op()).attributes().getAttrTensor("value")) {
        return fromTensor(value);
      }
    }
    throw new KerasInitException("dims is the output of a `" + dims.op().type() + "` op (" + dims.op().name()
        + "), not a constant: keras-init needs a static shape, because fans, Orthogonal and Identity depend on it."
        + " Pass tf.constant(new long[] {...}) or call call(tf, Shape, type).");
  }

  private static Shape fromTensor(Tensor t) {
    if (t.shape().numDimensions() != 1) {
      throw new KerasInitException("dims must be a vector, got shape " + t.shape());
    }
    int rank = (int) t.shape().size(0);
    long[] dims = new long[rank];
    // A graph Const's attribute comes back as a RawTensor: read its bytes by dtype.
    ByteDataBuffer raw = t.asRawTensor().data();
    if (t.dataType() == DataType.DT_INT64) {
      raw.asLongs().read(dims);
    } else if (t.dataType() == DataType.DT_INT32) {
      int[] ints = new int[rank];
      raw.asInts().read(ints);
      for (int i = 0; i < rank; i++) {
        dims[i] = ints[i];
      }
    } else {
      throw new KerasInitException("dims must be int32 or int64, got " + t.dataType());
    }
    return Shape.of(dims);
  }
}
