package io.github.kerasinit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The dtypes keras-init can produce: Keras' dtype names joined to TF-Java 1.1.0's tensor type classes.
 *
 * <p>Keras also knows int8, int16, uint32, uint64, complex and float8 dtypes; TF-Java 1.1.0 has no tensor class for
 * them, so {@link #of(String)} names them in its error.
 */
public enum DType {
  FLOAT16("float16", TFloat16.class, DataType.DT_HALF, 2),
  BFLOAT16("bfloat16", TBfloat16.class, DataType.DT_BFLOAT16, 2),
  FLOAT32("float32", TFloat32.class, DataType.DT_FLOAT, 4),
  FLOAT64("float64", TFloat64.class, DataType.DT_DOUBLE, 8),
  INT32("int32", TInt32.class, DataType.DT_INT32, 4),
  INT64("int64", TInt64.class, DataType.DT_INT64, 8),
  UINT8("uint8", TUint8.class, DataType.DT_UINT8, 1),
  UINT16("uint16", TUint16.class, DataType.DT_UINT16, 2),
  BOOL("bool", TBool.class, DataType.DT_BOOL, 1);

  private static final String NOT_IN_TF_JAVA =
      "int8 int16 uint32 uint64 complex64 complex128 string float8_e4m3fn float8_e5m2";

  private final String kerasName;
  private final Class<? extends TType> type;
  private final DataType dataType;
  private final int byteSize;

  DType(String kerasName, Class<? extends TType> type, DataType dataType, int byteSize) {
    this.kerasName = kerasName;
    this.type = type;
    this.dataType = dataType;
    this.byteSize = byteSize;
  }

  /** Keras' standard name, e.g. {@code "float32"}. */
  public String kerasName() {
    return kerasName;
  }

  public Class<? extends TType> type() {
    return type;
  }

  public DataType dataType() {
    return dataType;
  }

  public int byteSize() {
    return byteSize;
  }

  public boolean isFloating() {
    return this == FLOAT16 || this == BFLOAT16 || this == FLOAT32 || this == FLOAT64;
  }

  public boolean isInteger() {
    return this == INT32 || this == INT64 || this == UINT8 || this == UINT16;
  }

  public boolean isUnsigned() {
    return this == UINT8 || this == UINT16;
  }

  /** The dtype of a TF-Java type class. */
  public static DType of(Class<? extends TType> type) {
    for (DType d : values()) {
      if (d.type == type) {
        return d;
      }
    }
    throw new KerasInitException("TF-Java type " + type.getSimpleName() + " is not supported; supported: "
        + Arrays.stream(values()).map(d -> d.type.getSimpleName()).collect(Collectors.joining(", ")));
  }

  /** The dtype of a TF {@link DataType}. */
  public static DType of(DataType dataType) {
    for (DType d : values()) {
      if (d.dataType == dataType) {
        return d;
      }
    }
    throw new KerasInitException("TensorFlow dtype " + dataType + " is not supported; supported: " + names());
  }

  /**
   * A dtype by its exact Keras name ({@code "float32"}). Like {@code keras.backend.standardize_dtype} with a string,
   * it takes no case variants and no {@code "float"}/{@code "int"} shorthands (Keras maps only the Python types
   * {@code float}/{@code int}, which a config cannot hold).
   */
  public static DType of(String name) {
    if (name == null) {
      return FLOAT32; // Keras: dtype None means floatx(), float32 by default
    }
    String n = name;
    for (DType d : values()) {
      if (d.kerasName.equals(n)) {
        return d;
      }
    }
    if (Arrays.asList(NOT_IN_TF_JAVA.split(" ")).contains(n)) {
      throw new KerasInitException("dtype \"" + name + "\" is a Keras dtype but TF-Java 1.1.0 has no tensor type for it;"
          + " supported: " + names());
    }
    throw new KerasInitException("Invalid dtype \"" + name + "\"; supported: " + names());
  }

  /**
   * A dtype for an option that takes only some of them ({@code materialize --dtype}: the float ones): an unknown
   * name and a known one the option does not take get the same one-line error, listing only what it takes.
   */
  public static DType oneOf(String name, List<DType> allowed, String option) {
    for (DType d : allowed) {
      if (d.kerasName.equals(name)) {
        return d;
      }
    }
    List<String> names = allowed.stream().map(DType::kerasName).toList();
    throw new KerasInitException(option + " \"" + name + "\": expected " + (names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)));
  }

  /** The float dtypes, in the order messages list them. */
  public static List<DType> floats() {
    return Arrays.stream(values()).filter(DType::isFloating).toList();
  }

  public static String names() {
    return Arrays.stream(values()).map(DType::kerasName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return kerasName;
  }
}
