package io.github.kerasinit.model.layers;

import io.github.kerasinit.KerasInitException;
import io.github.kerasinit.catalog.Stft;
import io.github.kerasinit.model.core.Dims;
import io.github.kerasinit.model.core.Layer;
import io.github.kerasinit.model.core.LayerConfig;
import io.github.kerasinit.model.core.ModelContext;
import io.github.kerasinit.model.core.WeightInit;
import java.util.List;
import java.util.Set;

/**
 * {@code STFTSpectrogram(mode="log", frame_length=256, frame_step=None, fft_length=None, window="hann",
 * periodic=False, scaling="density", padding="valid", expand_dims=False, data_format=None)}: a short-time Fourier
 * transform as two convolutions over {@code (batch, time, channels)} signals. Its weights {@code real_kernel}
 * (absent in mode "imag") and {@code imag_kernel} (absent in mode "real"), each of shape
 * {@code (frame_length, 1, fft_length // 2 + 1)}, come from {@code STFT(side, window, scaling, periodic)}: seedless,
 * and CPU-dependent ({@link Stft}; python-parity/portability.py's "stft" bound). {@code frame_step} defaults to
 * {@code frame_length // 2}, {@code fft_length} to the power of two at or above {@code frame_length}.
 */
public final class StftSpectrogram extends Layer {
  private static final Set<String> MODES = Set.of("log", "magnitude", "psd", "real", "imag", "angle", "stft");

  private final String mode;
  private final long frameLength;
  private final long frameStep;
  private final long fftLength;
  private final boolean same;
  private final boolean expandDims;
  private final boolean channelsFirst;
  private final Stft real; // null in mode "imag"
  private final Stft imag; // null in mode "real"

  public StftSpectrogram(LayerConfig config, ModelContext context) {
    super(config, context);
    mode = config.string("mode", "log");
    if (!MODES.contains(mode)) {
      throw new KerasInitException("layer " + this + ": `mode` = \"" + mode + "\"; Keras allows one of "
          + String.join(", ", new java.util.TreeSet<>(MODES)));
    }
    frameLength = config.positive("frame_length", 256);
    long step = config.integer("frame_step", 0);
    if (config.raw("frame_step") != null && (step < 1 || step > frameLength)) {
      throw new KerasInitException("layer " + this + ": `frame_step` = " + step
          + "; Keras requires a positive integer not greater than `frame_length` = " + frameLength);
    }
    frameStep = step > 0 ? step : frameLength / 2;
    if (frameStep < 1) {
      throw new KerasInitException("layer " + this + ": `frame_length` = " + frameLength
          + " without a `frame_step` gives a step of 0; Keras' convolution needs a positive one");
    }
    long fft = config.integer("fft_length", 0);
    if (config.raw("fft_length") != null && fft < frameLength) {
      throw new KerasInitException("layer " + this + ": `fft_length` = " + fft
          + "; Keras requires it not less than `frame_length` = " + frameLength);
    }
    fftLength = config.raw("fft_length") != null ? fft : nextPowerOfTwo(frameLength);
    String padding = config.string("padding", "valid");
    if (!padding.equals("valid") && !padding.equals("same")) {
      throw new KerasInitException("layer " + this + ": `padding` = \"" + padding
          + "\"; Keras allows \"valid\" or \"same\"");
    }
    same = padding.equals("same");
    expandDims = config.bool("expand_dims", false);
    channelsFirst = config.channelsFirst();
    // null is Keras' None for these two (no scaling, no window); only an absent key means the default
    String scaling = config.values().containsKey("scaling") ? config.string("scaling", null) : Stft.DEFAULT_SCALING;
    Object window = config.values().containsKey("window") ? config.raw("window") : Stft.DEFAULT_WINDOW;
    boolean periodic = config.bool("periodic", Stft.DEFAULT_PERIODIC);
    // checked now, as Keras' constructor checks the window and scaling
    real = mode.equals("imag") ? null : stft("real", window, scaling, periodic);
    imag = mode.equals("real") ? null : stft("imag", window, scaling, periodic);
  }

  private Stft stft(String side, Object window, String scaling, boolean periodic) {
    try {
      return new Stft(side, window, scaling, periodic);
    } catch (KerasInitException e) {
      throw new KerasInitException("layer " + this + ": " + e.getMessage(), e);
    }
  }

  /** {@code 2 ** ceil(log2(n))}. */
  private static long nextPowerOfTwo(long n) {
    long p = 1;
    while (p < n) {
      p <<= 1;
    }
    return p;
  }

  @Override
  protected void build(List<long[]> inputs) {
    long[] in = single(inputs);
    if (in.length != 3) {
      throw new KerasInitException("layer " + this + " expects (batch, time, channels) inputs (ndim=3), got "
          + Dims.format(in));
    }
    long[] shape = {frameLength, 1, fftLength / 2 + 1};
    if (real != null) {
      addWeight("real_kernel", shape, WeightInit.of(real), true);
    }
    if (imag != null) {
      addWeight("imag_kernel", shape, WeightInit.of(imag), true);
    }
  }

  /** Keras' {@code compute_output_shape}: a 1-D convolution's length over time, frequencies times channels. */
  @Override
  protected List<long[]> computeOutputShapes(List<long[]> inputs) {
    long[] in = single(inputs);
    long channels = channelsFirst ? in[1] : in[2];
    long time = channelsFirst ? in[2] : in[1];
    long freq = (fftLength / 2 + 1) * (mode.equals("stft") ? 2 : 1);
    long steps = time == Dims.UNKNOWN ? Dims.UNKNOWN
        : same ? Math.floorDiv(time - 1, frameStep) + 1 : Math.floorDiv(time - frameLength, frameStep) + 1;
    if (expandDims) {
      return one(channelsFirst ? new long[] {in[0], channels, steps, freq} : new long[] {in[0], steps, freq, channels});
    }
    long features = channels == Dims.UNKNOWN ? Dims.UNKNOWN : freq * channels;
    return one(channelsFirst ? new long[] {in[0], features, steps} : new long[] {in[0], steps, features});
  }
}
