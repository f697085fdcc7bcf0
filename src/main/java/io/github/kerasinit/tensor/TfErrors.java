package io.github.kerasinit.tensor;

/** TF-Java's exceptions share no base class; they all live in {@code org.tensorflow.exceptions}. */
public final class TfErrors {
  private TfErrors() {}

  public static boolean isTensorFlowError(Throwable t) {
    return t.getClass().getName().startsWith("org.tensorflow.exceptions.");
  }

  /** The first line of a TF message (TF appends op traces). */
  public static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
