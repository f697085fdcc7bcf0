"""Layers in combination, live: small models whose layers hand each other what Keras' shape rules decide.

Each model below is built by Keras 3.15.1 and written with `to_json()`; keras-init materializes all of them in one
process (`materialize ... --out-dir DIR --seed 7`), and Keras builds each from the same JSON after
`keras.utils.set_random_seed(7)`. Every weight must have the same path, shape, dtype and bytes, in the same order.
The models cover what one-layer tests cannot: a Sequential passing several outputs on as a list (Bidirectional with
merge_mode None, an RNN with return_state), wrappers around wrappers, channels_first chains, shared layers, merges
on other axes, masking, nested Sequentials, shapes that stay unknown (None) through a layer, Lambda layers (whose
Python function keras-init does not run).

keras-init also writes each model as a `.keras` archive (a second process, `--weights-format keras`), and
`keras.models.load_model` of the archive must give the same weights.

Both sides run on this machine, so the recurrent kernels (Orthogonal, TF's Qr on both sides) are bit-exact too.
Prints one line per model and a closing "N passed, N failed" line; exits non-zero on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LAUNCHER = os.path.join(ROOT, "target", "keras-init")
SEED = 7
Input = keras.Input


def functional(inputs, output_of):
    return keras.Model(inputs, output_of(*inputs) if isinstance(inputs, list) else output_of(inputs))


MODELS = {
    "seq_bidirectional_list": lambda: keras.Sequential([
        Input((5, 3)), L.Bidirectional(L.LSTM(4), merge_mode=None), L.Dropout(0.1), L.ReLU(), L.Concatenate(),
        L.Dense(2)]),
    "seq_rnn_return_state": lambda: keras.Sequential([
        Input((5, 3)), L.RNN(L.LSTMCell(4), return_state=True), L.Concatenate(), L.Dense(2)]),
    "seq_lstm_return_state_add": lambda: keras.Sequential([
        Input((5, 3)), L.LSTM(4, return_state=True), L.Add(), L.Dense(2)]),
    "bidirectional_return_state": lambda: functional(
        Input((5, 3)), lambda x: L.Concatenate()(L.Bidirectional(L.LSTM(4, return_state=True))(x))),
    "bidirectional_stacked": lambda: keras.Sequential([
        Input((5, 3)), L.Bidirectional(L.GRU(4, return_sequences=True), merge_mode="concat"), L.Bidirectional(L.GRU(3)),
        L.Dense(2)]),
    "stacked_cells": lambda: keras.Sequential([
        Input((5, 3)), L.RNN([L.LSTMCell(4), L.GRUCell(3), L.SimpleRNNCell(2)]), L.Dense(2)]),
    "time_distributed_conv": lambda: keras.Sequential([
        Input((3, 8, 8, 2)), L.TimeDistributed(L.Conv2D(4, 3)), L.TimeDistributed(L.Flatten()), L.LSTM(5), L.Dense(2)]),
    "time_distributed_dense": lambda: keras.Sequential([
        Input((3, 4, 6)), L.TimeDistributed(L.Dense(5)), L.Flatten(), L.Dense(2)]),
    "time_distributed_bidirectional": lambda: keras.Sequential([
        Input((2, 5, 3)), L.TimeDistributed(L.Bidirectional(L.LSTM(2))), L.Flatten(), L.Dense(2)]),
    "nested_sequential": lambda: keras.Sequential([
        Input((6,)), keras.Sequential([L.Dense(4), L.Dense(3)], name="inner"), L.Dense(2)]),
    "embedding_flatten": lambda: keras.Sequential([
        Input((7,), dtype="int32"), L.Embedding(20, 4), L.Flatten(), L.Dense(2)]),
    "embedding_mask_lstm": lambda: keras.Sequential([
        Input((7,), dtype="int32"), L.Embedding(20, 4, mask_zero=True), L.LSTM(3), L.Dense(2)]),
    "dense_on_sequences": lambda: keras.Sequential([
        Input((5, 7)), L.Dense(4), L.GlobalAveragePooling1D(), L.Dense(2)]),
    "unknown_time_axis": lambda: keras.Sequential([
        Input((None, 4)), L.Dense(3), L.GlobalMaxPooling1D(), L.Dense(2)]),
    "conv1d_causal_dilated": lambda: keras.Sequential([
        Input((20, 3)), L.Conv1D(4, 3, padding="causal", dilation_rate=2), L.Conv1D(4, 3, strides=2), L.Flatten(),
        L.Dense(2)]),
    "conv_transpose_chain": lambda: keras.Sequential([
        Input((5, 5, 3)), L.Conv2DTranspose(4, 3, strides=2, padding="same", output_padding=1),
        L.Conv2DTranspose(2, 2, strides=2), L.Flatten(), L.Dense(2)]),
    "conv3d_pooling": lambda: keras.Sequential([
        Input((6, 6, 6, 2)), L.Conv3D(3, 2), L.MaxPooling3D(2, padding="same"), L.Flatten(), L.Dense(2)]),
    "separable_depthwise": lambda: keras.Sequential([
        Input((9, 9, 3)), L.SeparableConv2D(4, 3, depth_multiplier=2, strides=2),
        L.DepthwiseConv2D(2, depth_multiplier=3),
        L.Flatten(), L.Dense(2)]),
    "channels_first_chain": lambda: keras.Sequential([
        Input((3, 8, 8)), L.Conv2D(4, 3, data_format="channels_first"), L.MaxPooling2D(2, data_format="channels_first"),
        L.BatchNormalization(axis=1), L.Flatten(), L.Dense(2)]),
    "upsample_crop_pad": lambda: keras.Sequential([
        Input((5, 5, 3)), L.UpSampling2D((2, 3)), L.Cropping2D(((1, 2), (0, 3))), L.ZeroPadding2D((1, 2)),
        L.Conv2D(2, 3),
        L.Flatten(), L.Dense(2)]),
    "permute_repeat": lambda: keras.Sequential([
        Input((4, 6)), L.Permute((2, 1)), L.Flatten(), L.RepeatVector(3), L.LSTM(2), L.Dense(2)]),
    "reshape_inferred": lambda: keras.Sequential([Input((12,)), L.Reshape((-1, 3)), L.LSTM(2), L.Dense(2)]),
    "global_pool_keepdims": lambda: keras.Sequential([
        Input((5, 5, 3)), L.GlobalAveragePooling2D(keepdims=True), L.Conv2D(2, 1), L.Flatten(), L.Dense(2)]),
    "pool1d_same": lambda: keras.Sequential([
        Input((7, 3)), L.AveragePooling1D(3, strides=2, padding="same"), L.Flatten(), L.Dense(2)]),
    "shared_dense": lambda: functional([Input((5,)), Input((5,))], lambda a, b, d=L.Dense(3): L.Add()([d(a), d(b)])),
    "dot_axes": lambda: functional([Input((4, 3)), Input((5, 4))], lambda a, b: L.Dense(2)(
        L.Dot(axes=(1, 2))([L.Dense(4)(a), L.Dense(4)(b)]))),
    "concatenate_axis1": lambda: functional([Input((3, 4)), Input((5, 4))], lambda a, b: L.Dense(2)(
        L.Flatten()(L.Concatenate(axis=1)([a, b])))),
    "attention_cross": lambda: functional([Input((4, 6)), Input((5, 8))], lambda q, v: L.Dense(2)(
        L.MultiHeadAttention(2, 3, value_dim=5, output_shape=7)(q, v))),
    "attention_axes": lambda: functional(Input((3, 4, 6)), lambda q: L.MultiHeadAttention(
        2, 3, attention_axes=(1, 2))(q, q)),
    "normalization_axes": lambda: keras.Sequential([
        Input((6, 4, 5)), L.LayerNormalization(axis=(1, 3)), L.GroupNormalization(groups=3, axis=1),
        L.BatchNormalization(axis=2), L.Flatten(), L.Dense(2)]),
    "conv_lstm_chain": lambda: keras.Sequential([
        Input((3, 6, 6, 2)), L.ConvLSTM2D(3, 3, return_sequences=True), L.ConvLSTM2D(2, 2), L.Flatten(), L.Dense(2)]),
    "spectral_unit_norm": lambda: keras.Sequential([
        Input((4,)), L.SpectralNormalization(L.Dense(3)), L.UnitNormalization(), L.Rescaling(2.0), L.Dense(2)]),
    "prelu_shared_axes": lambda: keras.Sequential([
        Input((4, 5, 6)), L.PReLU(shared_axes=[1, 2]), L.PReLU(shared_axes=[0]), L.Flatten(), L.Dense(2)]),
    "gru_simple_rnn_dropout": lambda: keras.Sequential([
        Input((5, 3)), L.GRU(4, reset_after=False, return_sequences=True),
        L.SimpleRNN(3, dropout=0.1, recurrent_dropout=0.2), L.Dense(2)]),
    "lstm_no_forget_bias": lambda: keras.Sequential([
        Input((5, 3)), L.LSTM(4, unit_forget_bias=False, dropout=0.2), L.Dense(2)]),
    "bidirectional_gru_sum": lambda: keras.Sequential([
        Input((5, 3)), L.Bidirectional(L.GRU(4, reset_after=False), merge_mode="sum"), L.Dense(2)]),
    "bidirectional_backward_layer": lambda: keras.Sequential([
        Input((5, 3)), L.Bidirectional(L.LSTM(4), backward_layer=L.LSTM(4, go_backwards=True)), L.Dense(2)]),
    "conv_groups": lambda: keras.Sequential([Input((8, 8, 6)), L.Conv2D(4, 3, groups=2), L.Flatten(), L.Dense(2)]),
    "conv1d_transpose_separable": lambda: keras.Sequential([
        Input((6, 3)), L.Conv1DTranspose(4, 3, strides=2), L.SeparableConv1D(3, 2),
        L.DepthwiseConv1D(2, depth_multiplier=2), L.Flatten(), L.Dense(2)]),
    "conv3d_transpose_crop_pad": lambda: keras.Sequential([
        Input((3, 3, 3, 2)), L.Conv3DTranspose(2, 2, strides=2), L.Cropping3D(((1, 0), (0, 1), 1)), L.ZeroPadding3D(1),
        L.Flatten(), L.Dense(2)]),
    "attention_scale_concat": lambda: functional([Input((4, 6)), Input((5, 6))], lambda q, v: L.Flatten()(
        L.Attention(use_scale=True, score_mode="concat")([q, v]))),
    "additive_attention": lambda: functional([Input((4, 6)), Input((5, 6))], lambda q, v: L.Dense(2)(
        L.AdditiveAttention()([q, v]))),
    "group_query_attention": lambda: functional([Input((4, 8)), Input((5, 8))], lambda q, v: L.GroupQueryAttention(
        head_dim=4, num_query_heads=4, num_key_value_heads=2)(q, v)),
    "attention_without_bias": lambda: functional(Input((4, 6)), lambda q: L.MultiHeadAttention(
        2, 3, use_bias=False)(q, q)),
    "normalization_options": lambda: keras.Sequential([
        Input((5, 6)), L.BatchNormalization(center=False, scale=False), L.LayerNormalization(rms_scaling=True),
        L.RMSNormalization(), L.Flatten(), L.Dense(2)]),
    "shared_embedding_dot": lambda: functional([Input((3,), dtype="int32"), Input((3,), dtype="int32")],
                                               lambda a, b, e=L.Embedding(10, 4): L.Dense(1)(
                                                   L.Flatten()(L.Dot(axes=2)([e(a), e(b)])))),
    "masked_time_distributed": lambda: keras.Sequential([
        Input((5, 3)), L.Masking(), L.TimeDistributed(L.Dense(4)), L.LSTM(2), L.Dense(2)]),
    "nested_functional_two_outputs": lambda: (lambda inner: functional(Input((6,)), lambda x: L.Dense(2)(
        L.Concatenate()(inner(x)))))(functional(Input((6,)), lambda x: [L.Dense(3)(x), L.Dense(4)(x)])),
    "shared_sequential": lambda: (lambda s: functional([Input((4,)), Input((4,))], lambda a, b: L.Subtract()(
        [s(a), s(b)])))(
        keras.Sequential([Input((4,)), L.Dense(3), L.Dense(2)])),
    "merges": lambda: functional([Input((4,)), Input((4,)), Input((4,))], lambda a, b, c: L.Dense(2)(L.Concatenate()([
        L.Multiply()([a, b]), L.Average()([a, b, c]), L.Maximum()([b, c]), L.Minimum()([a, c])]))),
    "random_preprocessing_conv": lambda: keras.Sequential([
        Input((8, 8, 3)), L.RandomFlip(), L.RandomRotation(0.1), L.RandomZoom(0.1), L.Conv2D(2, 3), L.Flatten(),
        L.Dense(2)]),
    "noise_and_dropouts": lambda: keras.Sequential([
        Input((6,)), L.GaussianNoise(0.1), L.Dense(4), L.AlphaDropout(0.1), L.GaussianDropout(0.1), L.Dense(2)]),
    "mixed_precision": lambda: keras.Sequential([
        Input((6,)), L.Dense(4, dtype="mixed_float16"), L.Dense(2, dtype="mixed_bfloat16"),
        L.Dense(2, dtype="float64")]),
    "seeded_and_named_initializers": lambda: keras.Sequential([
        Input((5,), dtype="int32"), L.Embedding(30, 4, embeddings_initializer=keras.initializers.RandomNormal(seed=3)),
        L.Conv1D(3, 2, kernel_initializer="he_normal", bias_initializer="ones"), L.Flatten(),
        L.Dense(2, kernel_initializer="orthogonal")]),
    "conv_lstm1d": lambda: keras.Sequential([
        Input((3, 8, 2)), L.ConvLSTM1D(2, 3, padding="same", return_sequences=True), L.Flatten(), L.Dense(2)]),
    # keras-init does not run a Lambda's function: its output_shape, or the shape the next layer recorded
    "lambda_output_shape": lambda: keras.Sequential([
        Input((4,)), L.Lambda(lambda t: keras.ops.reshape(t, (-1, 2, 2)), output_shape=(2, 2)), L.Flatten(),
        L.Dense(2)]),
    "lambda_recorded_sequential": lambda: keras.Sequential([
        Input((6,)), L.Lambda(lambda t: keras.ops.reshape(t, (-1, 3, 2))), L.LSTM(2), L.Dense(2)]),
    "lambda_recorded_functional": lambda: functional(Input((5,)), lambda x: L.Dense(2)(
        L.Lambda(lambda t: t[:, :3])(x))),
}


def keras_weights(config_json):
    keras.utils.clear_session(free_memory=True)
    keras.utils.set_random_seed(SEED)
    keras.config.enable_unsafe_deserialization()  # the Lambdas' bytecode is this script's own
    model = keras.models.model_from_json(config_json)
    return [(w.path, keras.ops.convert_to_numpy(w.value)) for w in model.weights]


def archive_weights(path):
    """The weights keras.models.load_model gives from keras-init's .keras archive (its Lambdas' bytecode is ours)."""
    keras.utils.clear_session(free_memory=True)
    model = keras.models.load_model(path, compile=False, safe_mode=False)
    return [(w.path, keras.ops.convert_to_numpy(w.value)) for w in model.weights]


def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        configs = {}
        for name, make in MODELS.items():
            keras.utils.clear_session(free_memory=True)
            configs[name] = make().to_json()
            with open(os.path.join(tmp, name + ".json"), "w") as f:
                f.write(configs[name])
        out_dir = os.path.join(tmp, "out")
        for weights_format in ("npz", "keras"):  # keras: each model and its weights as a .keras archive
            run = subprocess.run([LAUNCHER, "materialize", *[os.path.join(tmp, n + ".json") for n in MODELS],
                                  "--out-dir", out_dir, "--weights-format", weights_format, "--seed", str(SEED),
                                  "--no-progress", "--format", "json"], capture_output=True, text=True)
            if run.returncode != 0:  # one refused model stops the run: its message names the model and layer
                print(f"keras-init failed (exit {run.returncode}):\n{run.stderr.strip()}")
                print(f"0 passed, {len(MODELS)} failed")
                sys.exit(1)
        for name in MODELS:
            theirs = keras_weights(configs[name])
            with np.load(os.path.join(out_dir, name + ".npz")) as z:
                mine = [(key, z[key]) for key in z.files]
            problems = []
            if [p for p, _ in mine] != [p for p, _ in theirs]:
                problems.append(f"paths {[p for p, _ in mine]} != Keras' {[p for p, _ in theirs]}")
            for (path, a), (_, b) in zip(mine, theirs):
                if a.shape != b.shape or a.dtype != b.dtype or a.tobytes() != b.tobytes():
                    problems.append(f"{path}: {a.shape} {a.dtype} differs from Keras' {b.shape} {b.dtype}")
            archived = archive_weights(os.path.join(out_dir, name + ".keras"))
            if [(p, a.tobytes()) for p, a in archived] != [(p, b.tobytes()) for p, b in theirs]:
                problems.append("keras.models.load_model of its .keras archive gives other weights than Keras'")
            if problems:
                failed += 1
                print(f"  {name:32s} FAIL: {problems[0]}")
            else:
                passed += 1
                print(f"  {name:32s} {len(theirs):3d} weights: bit-exact, and as a .keras archive")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
