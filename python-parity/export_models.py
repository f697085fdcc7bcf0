"""Exports real Keras model configs to models/ and their initial-weight goldens to src/test/resources/models/.

    python python-parity/export_models.py            # write models/ and the goldens
    python python-parity/export_models.py --check    # fail if what is committed is stale
    python python-parity/export_models.py --big      # also the ~100M-parameter wide MLP's goldens (slow)
    python python-parity/export_models.py --only layers   # only the per-layer weight table

For every model:
  models/<name>.json                       model.to_json() of the model as built (initializer seeds null)
  models/<name>.keras, models/mlp_legacy.h5   the MLP and the op models (op_models.py) as .keras archives, the MLP
                                           also as a legacy .h5 file; models/<op model>_unbuilt.json: an op
                                           model's config without its build_configs
  src/test/resources/models/<name>.seeded.json    the same config, every seedable initializer given the int seed
                                           1000 + its index in document order
  src/test/resources/models/<name>.weights.json   Keras' model.weights of model_from_json(seeded): path, shape,
                                           dtype, sha256 of the bytes (C order, little endian), mean, std; for a
                                           weight whose initializer is machine-dependent (portability.py:
                                           Orthogonal recurrent kernels, STFT) also "machine_dependent" (its bound)
                                           and "file", its values under src/test/resources/models/values/
  src/test/resources/models/<name>.rs<N>.weights.json   the same after keras.utils.set_random_seed(N) and
                                           model_from_json(models/<name>.json), for N in SET_RANDOM_SEEDS

And the per-layer weight table (LAYER_ROWS: every supported layer, a few rows for the options that change its
weights, tiny shapes):
  src/test/resources/layers/layer_weights.json    per row: its id, input shapes, the 1-layer Functional model's
                                           model.to_json() (the config keras-init reads), and Keras' model.weights
                                           of model_from_json(config): path, shape, dtype, trainable, and the class
                                           of the initializer Keras called for it (type(initializer).__name__; for
                                           a plain function also its __qualname__ as "initializer_function")

And the keras.layers enumeration (layer_classes(): every public class, a minimal instance each, tiny shapes):
  src/main/resources/io/github/kerasinit/model/layer_classes.json   per class: its input shapes and dtype, its
                                           weight count (len(layer.weights)), whether deserializing it draws from
                                           Python's random under set_random_seed ("draws_seeds"), the keyword
                                           arguments its from_config takes ("keywords", space-separated), and for a
                                           weightless one its 1-layer model's to_json(); keras-init accepts every
                                           class with no weights and no draws from it (WeightlessLayer), so that
                                           list has one home, this file; --only layers writes it with the table

--check compares portable weights byte for byte (mean and std, numpy's sums, to 1e-9) and machine-dependent ones
within their bound, and prints the CPU class it ran on; the layer table and the layer classes must equal fresh
ones exactly.
"""
import argparse
import copy
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases as case_matrix  # noqa: E402
import op_models  # noqa: E402
from corpus_check import strip_build_configs  # noqa: E402
import portability  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, ".."))
MODELS_DIR = os.path.join(ROOT, "models")
GOLDEN_DIR = os.path.join(ROOT, "src", "test", "resources", "models")
LAYER_GOLDEN = os.path.join(ROOT, "src", "test", "resources", "layers", "layer_weights.json")
LAYER_TABLE = "layers"  # the name --only takes for the layer table and the layer-class enumeration
# Every keras.layers class: weights? seeds? Generated here; keras-init reads its weightless, seedless list from it.
LAYER_CLASSES = os.path.join(ROOT, "src", "main", "resources", "io", "github", "kerasinit", "model",
                             "layer_classes.json")
VALUES = "values"  # under GOLDEN_DIR: the values of machine-dependent weights
SET_RANDOM_SEEDS = [0, 42]
SEEDED_PYTHON_SEED = 7  # random.seed for the seeded goldens; ModelGoldens.SEEDED_PYTHON_SEED
BIG = {"wide_mlp"}
RANDOM_CLASSES = set(case_matrix.RANDOM_CLASSES)  # the seedable initializers: one list, in cases.py


def mlp():
    return keras.Sequential([
        keras.Input((784,)),
        layers.Dense(256, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(128, activation="relu", kernel_initializer="he_normal"),
        layers.Dense(10, activation="softmax"),
    ], name="mlp")


def cnn_bn():
    inputs = keras.Input((32, 32, 3))
    x = layers.Conv2D(32, 3, padding="same", use_bias=False)(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, strides=2, kernel_initializer="he_uniform")(x)
    x = layers.BatchNormalization(center=False)(x)
    x = layers.Activation("relu")(x)
    x = layers.SeparableConv2D(32, 3, padding="same", depth_multiplier=2)(x)
    x = layers.DepthwiseConv2D(3, padding="same")(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="cnn_bn")


def text_bilstm_gru():
    inputs = keras.Input((40,), dtype="int32")
    x = layers.Embedding(5000, 64)(inputs)
    x = layers.Bidirectional(layers.LSTM(32, return_sequences=True))(x)
    x = layers.GRU(16)(x)
    x = layers.Dense(16, activation="relu")(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs, name="text_bilstm_gru")


def transformer_block():
    inputs = keras.Input((24, 64))
    attention = layers.MultiHeadAttention(num_heads=4, key_dim=16, dropout=0.1)(inputs, inputs)
    x = layers.Add()([inputs, layers.Dropout(0.1)(attention)])
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    ffn = layers.Dense(128, activation="gelu")(x)
    ffn = layers.Dense(64)(ffn)
    x = layers.Add()([x, layers.Dropout(0.1)(ffn)])
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(2)(x)
    return keras.Model(inputs, outputs, name="transformer_block")


def layer_zoo():
    """Every weight-bearing layer the loader supports, at least once, and the shape-only layers between them."""
    seq = keras.Input((16, 8), name="sequence")
    a = layers.Conv1D(6, 3, padding="causal", dilation_rate=2)(seq)
    a = layers.Conv1DTranspose(5, 3, strides=2)(a)
    a = layers.DepthwiseConv1D(3, depth_multiplier=2)(a)
    a = layers.SeparableConv1D(4, 3, padding="same")(a)
    a = layers.SimpleRNN(6, return_sequences=True)(a)
    a = layers.LSTM(5, return_sequences=True, unit_forget_bias=True, bias_initializer="random_normal")(a)
    a = layers.GRU(4, reset_after=False, return_sequences=True)(a)
    a = layers.Bidirectional(layers.GRU(3, return_sequences=True),
                             backward_layer=layers.GRU(2, return_sequences=True, go_backwards=True))(a)
    a = layers.TimeDistributed(layers.Dense(3, kernel_initializer="lecun_uniform"))(a)
    a = layers.EinsumDense("abc,cd->abd", output_shape=(a.shape[1], 7), bias_axes="d")(a)
    a = layers.LayerNormalization(scale=False)(a)
    a = layers.PReLU(alpha_initializer="random_uniform")(a)
    a = layers.Flatten()(a)

    vol = keras.Input((6, 6, 6, 2), name="volume")
    b = layers.Conv3D(4, 3, padding="same", kernel_initializer="orthogonal")(vol)
    b = layers.Conv3DTranspose(3, 2, strides=2)(b)
    b = layers.GroupNormalization(groups=3)(b)
    b = layers.MaxPooling3D(2)(b)
    b = layers.GlobalMaxPooling3D()(b)

    img = keras.Input((12, 12, 3), name="image")
    c = layers.ZeroPadding2D(((1, 2), (0, 1)))(img)
    c = layers.Conv2DTranspose(4, 3, strides=(2, 1), padding="same", output_padding=(1, 0))(c)
    c = layers.Cropping2D(((1, 0), (2, 1)))(c)
    c = layers.UpSampling2D(2)(c)
    c = layers.AveragePooling2D(3, strides=2)(c)
    c = layers.Conv2D(5, (3, 1), dilation_rate=(2, 1), groups=1, kernel_initializer="variance_scaling")(c)
    c = layers.BatchNormalization(axis=-1, scale=False, beta_initializer="glorot_uniform")(c)
    c = layers.Reshape((-1, 5))(c)
    c = layers.Permute((2, 1))(c)
    c = layers.Dense(4, kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.2))(c)
    c = layers.Flatten()(c)

    merged = layers.Concatenate()([a, b, c])
    merged = layers.Dense(8, kernel_initializer="glorot_normal", bias_initializer=keras.initializers.Constant(0.1))(
        merged)
    merged = layers.RepeatVector(3)(merged)
    merged = layers.LSTM(4, unit_forget_bias=False)(merged)
    out = layers.Dense(2, kernel_initializer=keras.initializers.Identity(gain=0.5))(merged)
    return keras.Model([seq, vol, img], out, name="layer_zoo")


def attention_conv_lstm():
    """RMSNormalization, Attention, AdditiveAttention and ConvLSTM1D/2D/3D: the seed draws of their dropout
    SeedGenerators and of AdditiveAttention's scale (glorot_uniform made in build, which no config seeds)."""
    seq = keras.Input((6, 8), name="tokens")
    a = layers.RMSNormalization()(seq)
    a = layers.Attention(use_scale=True, score_mode="concat", dropout=0.1)([a, seq])
    a = layers.AdditiveAttention(dropout=0.2)([a, seq, a])
    a = layers.Attention()([a, seq])
    a = layers.RMSNormalization(axis=[1, 2])(a)
    a = layers.AdditiveAttention(use_scale=False)([a, seq])
    a = layers.Flatten()(a)

    wave = keras.Input((5, 7, 2), name="wave")
    b = layers.ConvLSTM1D(4, 3, return_sequences=True, bias_initializer="random_normal")(wave)
    b = layers.Bidirectional(layers.ConvLSTM1D(2, 2, return_sequences=True, dropout=0.1))(b)
    b = layers.ConvLSTM1D(3, 2, padding="same", dropout=0.1, unit_forget_bias=False, return_state=True)(b)
    b = layers.Concatenate()([layers.Flatten()(t) for t in b])

    frames = keras.Input((4, 2, 6, 6), name="frames")
    c = layers.ConvLSTM2D(3, (3, 2), data_format="channels_first", kernel_initializer="he_normal",
                          recurrent_dropout=0.1, return_sequences=True)(frames)
    c = layers.ConvLSTM2D(2, 2, strides=2, use_bias=False, data_format="channels_first")(c)
    c = layers.Flatten()(c)

    volume = keras.Input((3, 4, 4, 4, 1), name="volume")
    d = layers.ConvLSTM3D(2, 2, dilation_rate=(1, 2, 1), recurrent_initializer="glorot_uniform")(volume)
    d = layers.Flatten()(d)

    merged = layers.Concatenate()([a, b, c, d])
    out = layers.Dense(2)(layers.RMSNormalization()(merged))
    return keras.Model([seq, wave, frames, volume], out, name="attention_conv_lstm")


def spectral_gqa():
    """SpectralNormalization (its vector_u: a TruncatedNormal made in build, which no config seeds) and
    GroupQueryAttention (cloned initializers per EinsumDense, the dropout's SeedGenerator)."""
    x = keras.Input((6, 8), name="x")
    ids = keras.Input((6,), dtype="int32", name="ids")
    e = layers.SpectralNormalization(layers.Embedding(20, 8))(ids)
    a = layers.GroupQueryAttention(4, 4, 2, dropout=0.1)(x, e)
    a = layers.GroupQueryAttention(3, 2, 1, use_gate=True, kernel_initializer="he_uniform",
                                   bias_initializer="random_normal")(a, x, e)
    a = layers.SpectralNormalization(layers.Conv1D(3, 2, kernel_initializer="orthogonal"), power_iterations=2)(a)
    a = layers.Flatten()(a)
    out = layers.SpectralNormalization(layers.Dense(2, use_bias=False))(a)
    return keras.Model([x, ids], out, name="spectral_gqa")


def nested_shared():
    """A Sequential and a Functional inside a Functional; one Dense layer called twice; a second output straight from
    the nested Functional's second call (Keras 3 counts a built-in node there: output_layers ["head", 2, 0])."""
    encoder = keras.Sequential([keras.Input((10,)), layers.Dense(8, activation="relu"),
                                layers.BatchNormalization()], name="encoder")
    inner_in = keras.Input((8,))
    inner_out = layers.Dense(6, name="inner_dense")(layers.LayerNormalization()(inner_in))
    head = keras.Model(inner_in, inner_out, name="head")
    left = keras.Input((10,), name="left")
    right = keras.Input((10,), name="right")
    shared = layers.Dense(10, name="shared")
    left_head = head(encoder(shared(left)))
    right_head = head(encoder(shared(right)))
    merged = layers.Concatenate()([left_head, right_head])
    return keras.Model([left, right], [layers.Dense(1)(merged), right_head], name="nested_shared")


def sequential_lists():
    """A Sequential that passes a layer's two outputs on as a list: Bidirectional(merge_mode=None) into Dropout, which
    maps over the list, and Concatenate, which joins it (keras-init once passed on only the first output); then
    padding and cropping of uneven amounts."""
    return keras.Sequential([
        keras.Input((5, 3)),
        layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode=None),
        layers.Dropout(0.1),
        layers.Concatenate(),
        layers.Reshape((5, 8, 1)),
        layers.ZeroPadding2D(((1, 0), (2, 1))),
        layers.Cropping2D(((1, 1), 1)),
        layers.Flatten(),
        layers.Dense(2),
    ], name="sequential_lists")


def wide_mlp():
    """About 100M parameters in three big weights: the benchmark model."""
    return keras.Sequential([
        keras.Input((4096,)),
        layers.Dense(8192, activation="relu"),
        layers.Dense(8192, activation="relu"),
        layers.Dense(10),
    ], name="wide_mlp")


def resnet50():
    return keras.applications.ResNet50(weights=None)


def mobilenet_v2():
    return keras.applications.MobileNetV2(weights=None)


def convnext_tiny():
    return keras.applications.ConvNeXtTiny(weights=None)


def inception_resnet_v2():
    return keras.applications.InceptionResNetV2(weights=None)


def efficientnet_b0():
    return keras.applications.EfficientNetB0(weights=None)


def ops_zoo():
    """Keras 3 ops in the graph (module keras.src.ops.*): every op the model loader reads, each feeding a Dense so
    that its output shape decides a kernel's shape; op Reshape and op Concatenate beside the layers of those names."""
    from keras import ops
    a = keras.Input((6, 4), name="a")
    b = keras.Input((6, 4), name="b")
    ids = keras.Input((6,), dtype="int32", name="ids")

    def head(x, name):  # layer names "<op>_head" never clash with the ops' own auto names
        return layers.Dense(2, name=name + "_head")(layers.Flatten(name=name + "_flatten")(x))

    outs = [
        head(ops.cast(ops.not_equal(ids, 0), "float32"), "not_equal_cast"),
        head(ops.mean(a, axis=-1), "mean"),
        head(ops.sum(a, axis=[1, 2], keepdims=True), "sum_keepdims"),
        head(a[:, 1:3, :], "get_item"),
        head(ops.concatenate([a, b], axis=1), "op_concatenate"),
        head(layers.Concatenate(axis=-1)([a, b]), "layer_concatenate"),
        head(ops.reshape(a, (-1, 3, 8)), "op_reshape"),
        head(layers.Reshape((8, 3))(a), "layer_reshape"),
        head(ops.transpose(a, (0, 2, 1)), "transpose"),
        head(ops.squeeze(ops.expand_dims(a, 1), axis=1), "expand_squeeze"),
        head(ops.tile(a, (1, 2, 1)), "tile"),
        head(ops.repeat(a, 3, axis=2), "repeat"),
        head(ops.pad(a, ((0, 0), (1, 2), (0, 0))), "pad"),
        head(ops.stack([a, b], axis=1), "stack"),
        head(ops.matmul(a, ops.transpose(b, (0, 2, 1))), "matmul"),
        head(ops.einsum("bij,bkj->bik", a, b), "einsum"),
        head(ops.softmax(a, axis=-1), "softmax"),
        head(ops.image.resize(ops.expand_dims(a, -1), (12, 8)), "resize"),
        head(ops.maximum(a + b, a * 2.0), "arithmetic"),
    ]
    return keras.Model([a, b, ids], outs, name="ops_zoo")

def preprocessing_zoo():
    """Weightless, seedless built-in layers (the layer-class enumeration's list) between the inputs and the weights:
    string inputs through TextVectorization and StringLookup into Embeddings, integer lookups and encodings, a
    Lambda, Attention without scale, each feeding weights whose shapes they decide."""
    text = keras.Input((), dtype="string", name="text")
    words = keras.Input((3,), dtype="string", name="words")
    ids = keras.Input((3,), dtype="int64", name="ids")
    nums = keras.Input((4,), name="nums")
    a = keras.Input((1,), dtype="int64", name="a")
    b = keras.Input((1,), dtype="int64", name="b")
    seq = keras.Input((5, 4), name="seq")

    tokens = layers.TextVectorization(vocabulary=["the", "cat", "sat", "on", "mat"], output_sequence_length=6)(text)
    text_out = layers.Dense(2, name="text_head")(
        layers.GlobalAveragePooling1D()(layers.Embedding(8, 4, name="text_embedding")(tokens)))
    word_ids = layers.StringLookup(vocabulary=["red", "green", "blue"])(words)
    words_out = layers.Dense(2, name="words_head")(
        layers.Flatten()(layers.Embedding(5, 3, name="words_embedding")(word_ids)))
    looked = layers.IntegerLookup(vocabulary=[10, 20, 30, 40])(ids)
    ids_out = layers.Dense(2, name="ids_head")(layers.CategoryEncoding(6, output_mode="multi_hot")(looked))
    bins = layers.Discretization(bin_boundaries=[-1.0, 0.0, 1.0])(nums)
    hashed = layers.Hashing(num_bins=7)(bins)
    nums_out = layers.Dense(2, name="nums_head")(
        layers.Flatten()(layers.CategoryEncoding(7, output_mode="one_hot")(hashed)))
    crossed = layers.HashedCrossing(num_bins=5, output_mode="one_hot")([a, b])
    cross_out = layers.Dense(2, name="cross_head")(crossed)
    # a named function, not a Python lambda: model_from_json refuses bytecode in safe mode
    doubled = layers.Lambda(keras.activations.relu, name="relu_lambda")(seq)
    attended = layers.Attention()([doubled, seq])
    seq_out = layers.Dense(2, name="seq_head")(layers.Flatten()(attended))
    return keras.Model([text, words, ids, nums, a, b, seq], [text_out, words_out, ids_out, nums_out, cross_out,
                                                              seq_out], name="preprocessing_zoo")



def cells_stft():
    """RNN over cells (SimpleRNNCell, a list of cells, a StackedRNNCells with its states used), ReversibleEmbedding
    (tied and untied, called with reverse=True) and STFTSpectrogram (its STFT kernels: CPU-dependent, labelled
    "stft" by portability.py), each feeding weights whose shapes they decide."""
    ids = keras.Input((6,), dtype="int32", name="ids")
    signal = keras.Input((40, 2), name="signal")
    seq = keras.Input((5, 3), name="seq")
    tied = layers.ReversibleEmbedding(12, 4)
    untied = layers.ReversibleEmbedding(9, 4, tie_weights=False, embeddings_initializer="he_normal")
    e = untied(tied(ids))
    x = layers.RNN(layers.SimpleRNNCell(4, dropout=0.1), return_sequences=True)(e)
    logits = untied(x, reverse=True)  # (batch, 6, 9)
    x = layers.RNN([layers.LSTMCell(3), layers.GRUCell(5, reset_after=False)])(e)
    out, *states = layers.RNN(layers.StackedRNNCells([layers.GRUCell(2, recurrent_dropout=0.1),
                                                       layers.LSTMCell(3, unit_forget_bias=False)]),
                              return_state=True)(seq)
    spec = layers.STFTSpectrogram(frame_length=8, frame_step=4)(signal)
    spec_real = layers.STFTSpectrogram(mode="real", frame_length=6, fft_length=8, window="hamming",
                                       expand_dims=True)(signal)
    parts = [layers.Flatten()(t) for t in [logits, x, out, *keras.tree.flatten(states), spec, spec_real]]
    out = layers.Dense(2)(layers.Concatenate()(parts))
    return keras.Model([ids, signal, seq], out, name="cells_stft")


def random_layers():
    """Every weightless layer that draws seeds from Python's random when made (unseeded SeedGenerators: dropout and
    noise, every random augmentation, AugMix, RandAugment, CutMix, MixUp, RandomColorJitter's sublayers), between
    unseeded initializers: under set_random_seed each weight after them is bit-exact only if keras-init takes
    exactly Keras' draws. RandomShear has a non-negative factor: Keras 3.15.1 cannot deserialize its own config of a
    negative one (x_factor=0.1 is saved as (-0.1, 0.1))."""
    vec = keras.Input((6,), name="vec")
    seq = keras.Input((5, 4), name="seq")
    img = keras.Input((8, 8, 3), name="img")
    vol = keras.Input((4, 4, 4, 2), name="vol")
    a = layers.Dense(4, name="first")(vec)  # weights drawn before every layer below
    a = layers.Dropout(0.3)(a)
    a = layers.Dropout(0.0)(a)  # rate 0: no SeedGenerator
    a = layers.Dropout(0.2, seed=3)(a)  # seeded: no draw
    a = layers.GaussianDropout(0.1)(a)
    a = layers.GaussianNoise(0.1)(a)
    a = layers.AlphaDropout(0.1)(a)
    a = layers.Dense(3, name="after_dropouts")(a)
    b = layers.SpatialDropout1D(0.2)(seq)
    b = layers.Dense(3, name="after_spatial_1d")(layers.Flatten()(b))
    v = layers.SpatialDropout3D(0.2)(vol)
    v = layers.Dense(3, name="after_spatial_3d")(layers.Flatten()(v))
    c = img
    for layer in [layers.SpatialDropout2D(0.2), layers.RandomFlip(), layers.RandomRotation(0.1),
                  layers.RandomZoom(0.1), layers.RandomTranslation(0.1, 0.1), layers.RandomContrast(0.1),
                  layers.RandomBrightness(0.1), layers.RandomHue(0.1, value_range=(0, 1)),
                  layers.RandomSaturation(0.1, value_range=(0, 1)), layers.RandomGrayscale(),
                  layers.RandomSharpness(0.1, value_range=(0, 1)), layers.RandomInvert(value_range=(0, 1)),
                  layers.RandomPosterization(4, value_range=(0, 255)), layers.RandomColorDegeneration(0.1),
                  layers.RandomColorJitter(value_range=(0, 1), brightness_factor=0.1, contrast_factor=0.1,
                                           saturation_factor=0.1, hue_factor=0.1),
                  layers.RandomGaussianBlur(0.1), layers.RandomErasing(), layers.RandomPerspective(),
                  layers.RandomShear(y_factor=(0.1, 0.2)),
                  layers.RandomElasticTransform(), layers.Solarization(), layers.AugMix(),
                  layers.AugMix(all_ops=False, seed=5), layers.RandAugment(), layers.CutMix(), layers.MixUp(),
                  layers.RandomCrop(8, 8, seed=11)]:  # unseeded, it saves a seed drawn when built
        c = layer(c)
    c = layers.Dense(3, name="after_images")(layers.GlobalAveragePooling2D()(c))
    out = layers.Dense(2, name="last")(layers.Concatenate()([a, b, v, c]))
    return keras.Model([vec, seq, img, vol], out, name="random_layers")


def attention_scores():
    """Attention, AdditiveAttention, MultiHeadAttention and GroupQueryAttention called with
    return_attention_scores=True: the scores, a second output in the graph, feed weights whose shapes they decide
    (MultiHeadAttention's symbolic scores are (batch, heads, query_len, query_len), as Keras writes them)."""
    q = keras.Input((4, 6), name="query")
    v = keras.Input((7, 6), name="value")
    k = keras.Input((7, 5), name="key")
    heads = []
    out, scores = layers.Attention()([q, v, k], return_attention_scores=True)
    heads += [out, scores]
    out, scores = layers.Attention(use_scale=True)([q, v], return_attention_scores=True)
    heads += [out, scores]
    out, scores = layers.AdditiveAttention()([q, v], return_attention_scores=True)
    heads += [out, scores]
    out, scores = layers.MultiHeadAttention(num_heads=2, key_dim=3)(q, v, k, return_attention_scores=True)
    heads += [out, scores]
    out, scores = layers.GroupQueryAttention(3, 4, 2)(q, v, return_attention_scores=True)
    heads += [out, scores]
    flat = layers.Concatenate()([layers.Flatten()(t) for t in heads])
    return keras.Model([q, v, k], layers.Dense(2)(flat), name="attention_scores")


MODELS = {
    "mlp": mlp, "cnn_bn": cnn_bn, "text_bilstm_gru": text_bilstm_gru, "transformer_block": transformer_block,
    "layer_zoo": layer_zoo, "nested_shared": nested_shared, "wide_mlp": wide_mlp, "resnet50": resnet50,
    "mobilenet_v2": mobilenet_v2, "efficientnet_b0": efficientnet_b0, "ops_zoo": ops_zoo,
    "convnext_tiny": convnext_tiny, "inception_resnet_v2": inception_resnet_v2,
    "attention_conv_lstm": attention_conv_lstm, "spectral_gqa": spectral_gqa, "sequential_lists": sequential_lists,
}
# Weightless, seedless layers ahead of weights (the layer-class enumeration's list).
MODELS["preprocessing_zoo"] = preprocessing_zoo
# Layers of issue 16: RNN cells, ReversibleEmbedding, STFTSpectrogram; seed-drawing weightless layers; attention
# scores. Each is also committed as a .keras archive (ARCHIVED), which live_parity.py loads like the .json.
MODELS.update(cells_stft=cells_stft, random_layers=random_layers, attention_scores=attention_scores)
# Ten models of keras.ops calls (op_models.py), each also as a .keras archive and without its build_configs.
MODELS.update(op_models.MODELS)
MODELS.update({name + op_models.UNBUILT_SUFFIX: f for name, f in op_models.MODELS.items()})
ARCHIVED = {"mlp", "cells_stft", "random_layers", "attention_scores"} | set(op_models.MODELS)


def _convnext_layer_scale():
    from keras.src.applications.convnext import LayerScale
    return LayerScale


def _on_list(layer):
    """Attention layers take their inputs as one list, [query, value[, key]], where layer_row passes them apart."""
    return lambda *inputs: layer(list(inputs))


def layer_rows():
    """The per-layer weight table: (row id, a function making the layer, its input shapes[, the inputs' dtype]).
    Each row is one layer with options that change its weights; the ids name a failing row in LayerWeightsTest."""
    L = layers
    mha = L.MultiHeadAttention
    return [
        ("Dense", lambda: L.Dense(3), [(4,)]),
        ("LayerScale (keras.applications ConvNeXt; an unnamed weight)",
         lambda: _convnext_layer_scale()(1e-6, 4), [(3, 4)]),
        ("Dense(use_bias=False)", lambda: L.Dense(3, use_bias=False), [(4,)]),
        ("Dense on rank 3", lambda: L.Dense(3), [(5, 4)]),
        ("Dense(dtype=float64)", lambda: L.Dense(3, dtype="float64"), [(4,)]),
        ("Dense(dtype=bfloat16)", lambda: L.Dense(3, dtype="bfloat16"), [(4,)]),
        ("Dense(dtype=mixed_float16)", lambda: L.Dense(3, dtype="mixed_float16"), [(4,)]),
        ("Dense(kernel_initializer=orthogonal, bias_initializer=ones)",
         lambda: L.Dense(3, kernel_initializer="orthogonal", bias_initializer="ones"), [(4,)]),
        ("EinsumDense(ab,bc->ac, bias_axes=c)",
         lambda: L.EinsumDense("ab,bc->ac", output_shape=3, bias_axes="c"), [(4,)]),
        ("EinsumDense(abc,cd->abd, no bias)",
         lambda: L.EinsumDense("abc,cd->abd", output_shape=(5, 3)), [(5, 4)]),
        ("EinsumDense(abc,cde->abde, bias_axes=de)",
         lambda: L.EinsumDense("abc,cde->abde", output_shape=(5, 2, 3), bias_axes="de"), [(5, 4)]),
        ("EinsumDense(abc,cd->abd, bias_axes=b)",
         lambda: L.EinsumDense("abc,cd->abd", output_shape=(5, 3), bias_axes="b"), [(5, 4)]),
        ("EinsumDense(...b,bc->...c, bias_axes=c)",
         lambda: L.EinsumDense("...b,bc->...c", output_shape=3, bias_axes="c"), [(5, 4)]),
        ("Conv1D", lambda: L.Conv1D(4, 3), [(8, 2)]),
        ("Conv1D(use_bias=False, groups=2)", lambda: L.Conv1D(4, 3, use_bias=False, groups=2), [(8, 4)]),
        ("Conv2D", lambda: L.Conv2D(4, (3, 2)), [(6, 6, 2)]),
        ("Conv2D(data_format=channels_first)", lambda: L.Conv2D(4, 3, data_format="channels_first"), [(2, 6, 6)]),
        ("Conv3D", lambda: L.Conv3D(2, 2), [(4, 4, 4, 1)]),
        ("Conv3D(use_bias=False)", lambda: L.Conv3D(2, 2, use_bias=False), [(4, 4, 4, 3)]),
        ("Conv1DTranspose", lambda: L.Conv1DTranspose(3, 3), [(5, 2)]),
        ("Conv2DTranspose(strides=2, use_bias=False)",
         lambda: L.Conv2DTranspose(3, 3, strides=2, use_bias=False), [(4, 4, 2)]),
        ("Conv3DTranspose", lambda: L.Conv3DTranspose(2, 2), [(3, 3, 3, 2)]),
        ("DepthwiseConv1D(depth_multiplier=2)", lambda: L.DepthwiseConv1D(3, depth_multiplier=2), [(8, 3)]),
        ("DepthwiseConv2D", lambda: L.DepthwiseConv2D(3), [(6, 6, 2)]),
        ("DepthwiseConv2D(depth_multiplier=3, use_bias=False)",
         lambda: L.DepthwiseConv2D(3, depth_multiplier=3, use_bias=False), [(6, 6, 2)]),
        ("SeparableConv1D", lambda: L.SeparableConv1D(4, 3), [(8, 2)]),
        ("SeparableConv2D(depth_multiplier=2)", lambda: L.SeparableConv2D(4, 3, depth_multiplier=2), [(6, 6, 2)]),
        ("SeparableConv2D(use_bias=False)", lambda: L.SeparableConv2D(4, 3, use_bias=False), [(6, 6, 2)]),
        ("Embedding", lambda: L.Embedding(10, 4), [(5,)], "int32"),
        ("Embedding(embeddings_initializer=he_normal)",
         lambda: L.Embedding(10, 4, embeddings_initializer="he_normal"), [(5,)], "int32"),
        ("SimpleRNN", lambda: L.SimpleRNN(3), [(4, 2)]),
        ("SimpleRNN(use_bias=False)", lambda: L.SimpleRNN(3, use_bias=False), [(4, 2)]),
        ("LSTM(unit_forget_bias=True)", lambda: L.LSTM(3), [(4, 2)]),
        ("LSTM(unit_forget_bias=False)", lambda: L.LSTM(3, unit_forget_bias=False), [(4, 2)]),
        ("LSTM(use_bias=False)", lambda: L.LSTM(3, use_bias=False), [(4, 2)]),
        ("GRU(reset_after=True)", lambda: L.GRU(3), [(4, 2)]),
        ("GRU(reset_after=False)", lambda: L.GRU(3, reset_after=False), [(4, 2)]),
        ("GRU(use_bias=False)", lambda: L.GRU(3, use_bias=False), [(4, 2)]),
        ("Bidirectional(LSTM)", lambda: L.Bidirectional(L.LSTM(3)), [(4, 2)]),
        ("Bidirectional(GRU, backward_layer=GRU)",
         lambda: L.Bidirectional(L.GRU(2), backward_layer=L.GRU(3, go_backwards=True)), [(4, 2)]),
        ("Bidirectional(SimpleRNN, merge_mode=None)",
         lambda: L.Bidirectional(L.SimpleRNN(2), merge_mode=None), [(4, 2)]),
        ("TimeDistributed(Dense)", lambda: L.TimeDistributed(L.Dense(3)), [(4, 2)]),
        ("TimeDistributed(Conv2D)", lambda: L.TimeDistributed(L.Conv2D(2, 3)), [(3, 5, 5, 1)]),
        ("BatchNormalization", lambda: L.BatchNormalization(), [(4,)]),
        ("BatchNormalization(center=False)", lambda: L.BatchNormalization(center=False), [(4,)]),
        ("BatchNormalization(scale=False)", lambda: L.BatchNormalization(scale=False), [(4,)]),
        ("BatchNormalization(center=False, scale=False)",
         lambda: L.BatchNormalization(center=False, scale=False), [(4,)]),
        ("BatchNormalization(axis=1)", lambda: L.BatchNormalization(axis=1), [(3, 4)]),
        ("LayerNormalization", lambda: L.LayerNormalization(), [(4,)]),
        ("LayerNormalization(center=False)", lambda: L.LayerNormalization(center=False), [(4,)]),
        ("LayerNormalization(scale=False)", lambda: L.LayerNormalization(scale=False), [(4,)]),
        ("LayerNormalization(rms_scaling=True)", lambda: L.LayerNormalization(rms_scaling=True), [(4,)]),
        ("LayerNormalization(axis=[1, 2])", lambda: L.LayerNormalization(axis=[1, 2]), [(3, 4)]),
        ("GroupNormalization(groups=2)", lambda: L.GroupNormalization(groups=2), [(5, 4)]),
        ("GroupNormalization(center=False)", lambda: L.GroupNormalization(groups=2, center=False), [(5, 4)]),
        ("GroupNormalization(scale=False)", lambda: L.GroupNormalization(groups=2, scale=False), [(5, 4)]),
        ("Normalization", lambda: L.Normalization(), [(4, 3)]),
        ("Normalization(axis=None)", lambda: L.Normalization(axis=None), [(4, 3)]),
        ("Normalization(axis=[1, 2])", lambda: L.Normalization(axis=[1, 2]), [(3, 4, 2)]),
        ("Normalization(mean, variance)",
         lambda: L.Normalization(mean=[0.5, 1.0, 2.0], variance=[1.0, 2.0, 4.0]), [(4, 3)]),
        ("MultiHeadAttention", lambda: mha(num_heads=2, key_dim=3), [(4, 5), (6, 7)]),
        ("MultiHeadAttention(query, value, key)", lambda: mha(num_heads=2, key_dim=3), [(4, 5), (6, 7), (6, 2)]),
        ("MultiHeadAttention(value_dim=4)", lambda: mha(num_heads=2, key_dim=3, value_dim=4), [(4, 5), (6, 7)]),
        ("MultiHeadAttention(output_shape=8)", lambda: mha(num_heads=2, key_dim=3, output_shape=8),
         [(4, 5), (6, 7)]),
        ("MultiHeadAttention(output_shape=(2, 3))", lambda: mha(num_heads=2, key_dim=3, output_shape=(2, 3)),
         [(4, 5), (6, 7)]),
        ("MultiHeadAttention(use_gate=True)", lambda: mha(num_heads=2, key_dim=3, use_gate=True), [(4, 5), (6, 7)]),
        ("MultiHeadAttention(use_bias=False)", lambda: mha(num_heads=2, key_dim=3, use_bias=False),
         [(4, 5), (6, 7)]),
        ("MultiHeadAttention on rank 4", lambda: mha(num_heads=2, key_dim=3), [(2, 3, 5), (2, 3, 5)]),
        ("PReLU", lambda: L.PReLU(), [(4, 3)]),
        ("PReLU(shared_axes=[1])", lambda: L.PReLU(shared_axes=[1]), [(4, 3)]),
        ("PReLU(shared_axes=[1, 2])", lambda: L.PReLU(shared_axes=[1, 2]), [(4, 5, 3)]),
        ("PReLU(alpha_initializer=Constant(0.25))",
         lambda: L.PReLU(alpha_initializer=keras.initializers.Constant(0.25)), [(4,)]),
        ("Sequential(Dense, BatchNormalization)",
         lambda: keras.Sequential([L.Dense(3), L.BatchNormalization()]), [(4,)]),
        ("RMSNormalization", lambda: L.RMSNormalization(), [(5, 4)]),
        ("RMSNormalization(axis=[-1, 1])", lambda: L.RMSNormalization(axis=[-1, 1]), [(5, 4)]),
        ("Attention (no weights)", lambda: _on_list(L.Attention()), [(4, 5), (6, 5)]),
        ("Attention(use_scale=True)", lambda: _on_list(L.Attention(use_scale=True)), [(4, 5), (6, 5)]),
        ("Attention(score_mode=concat)", lambda: _on_list(L.Attention(score_mode="concat")), [(4, 5), (6, 5)]),
        ("Attention(use_scale=True, score_mode=concat, query, value, key)",
         lambda: _on_list(L.Attention(use_scale=True, score_mode="concat")), [(4, 5), (6, 3), (6, 5)]),
        ("AdditiveAttention", lambda: _on_list(L.AdditiveAttention()), [(4, 5), (6, 5)]),
        ("AdditiveAttention(use_scale=False)", lambda: _on_list(L.AdditiveAttention(use_scale=False)),
         [(4, 5), (6, 5)]),
        ("ConvLSTM1D", lambda: L.ConvLSTM1D(3, 2), [(4, 6, 2)]),
        ("ConvLSTM2D(unit_forget_bias=False)", lambda: L.ConvLSTM2D(2, (3, 2), unit_forget_bias=False), [(3, 5, 5, 2)]),
        ("ConvLSTM2D(use_bias=False, data_format=channels_first)",
         lambda: L.ConvLSTM2D(2, 3, use_bias=False, data_format="channels_first"), [(3, 2, 5, 5)]),
        ("ConvLSTM2D(trainable=False)", lambda: L.ConvLSTM2D(2, 3, trainable=False), [(3, 5, 5, 1)]),
        ("ConvLSTM3D", lambda: L.ConvLSTM3D(2, 2), [(2, 3, 3, 3, 1)]),
        ("Bidirectional(ConvLSTM1D)", lambda: L.Bidirectional(L.ConvLSTM1D(2, 3)), [(4, 6, 2)]),
        ("TimeDistributed(RMSNormalization)", lambda: L.TimeDistributed(L.RMSNormalization()), [(3, 4)]),
        ("SpectralNormalization(Dense)", lambda: L.SpectralNormalization(L.Dense(3)), [(4,)]),
        ("SpectralNormalization(Conv2D)", lambda: L.SpectralNormalization(L.Conv2D(2, 3)), [(5, 5, 2)]),
        ("SpectralNormalization(Embedding)", lambda: L.SpectralNormalization(L.Embedding(10, 4)), [(5,)], "int32"),
        ("SpectralNormalization(Dense(dtype=float64))",
         lambda: L.SpectralNormalization(L.Dense(3, dtype="float64")), [(4,)]),
        ("GroupQueryAttention", lambda: L.GroupQueryAttention(3, 4, 2), [(4, 5), (6, 5)]),
        ("GroupQueryAttention(query, value, key)", lambda: L.GroupQueryAttention(3, 4, 2), [(4, 5), (6, 5), (6, 7)]),
        ("GroupQueryAttention(use_gate=True, use_bias=False)",
         lambda: L.GroupQueryAttention(3, 4, 4, use_gate=True, use_bias=False), [(4, 5), (6, 5)]),
        ("ReversibleEmbedding", lambda: L.ReversibleEmbedding(10, 4), [(5,)], "int32"),
        ("ReversibleEmbedding(tie_weights=False)", lambda: L.ReversibleEmbedding(10, 4, tie_weights=False),
         [(5,)], "int32"),
        ("STFTSpectrogram", lambda: L.STFTSpectrogram(frame_length=16, frame_step=8), [(64, 1)]),
        ("STFTSpectrogram(mode=real, window=hamming, scaling=spectrum)",
         lambda: L.STFTSpectrogram(mode="real", frame_length=12, fft_length=16, window="hamming",
                                   scaling="spectrum"), [(48, 2)]),
        ("STFTSpectrogram(mode=imag, window=None, scaling=None, periodic=True)",
         lambda: L.STFTSpectrogram(mode="imag", frame_length=8, window=None, scaling=None, periodic=True),
         [(40, 1)]),
        ("STFTSpectrogram(dtype=float64, channels_first, expand_dims)",
         lambda: L.STFTSpectrogram(mode="stft", frame_length=8, dtype="float64", data_format="channels_first",
                                   expand_dims=True), [(2, 40)]),
        ("RNN(SimpleRNNCell)", lambda: L.RNN(L.SimpleRNNCell(3)), [(4, 2)]),
        ("RNN(LSTMCell(unit_forget_bias=False))", lambda: L.RNN(L.LSTMCell(3, unit_forget_bias=False)), [(4, 2)]),
        ("RNN(GRUCell(reset_after=False))", lambda: L.RNN(L.GRUCell(3, reset_after=False)), [(4, 2)]),
        ("RNN([LSTMCell, GRUCell, SimpleRNNCell]): a StackedRNNCells",
         lambda: L.RNN([L.LSTMCell(3), L.GRUCell(2), L.SimpleRNNCell(4, use_bias=False)]), [(4, 2)]),
        ("RNN(StackedRNNCells(GRUCell, LSTMCell), return_state=True)",
         lambda: L.RNN(L.StackedRNNCells([L.GRUCell(2), L.LSTMCell(3)]), return_state=True), [(4, 2)]),
        ("Bidirectional(RNN(LSTMCell)) (Keras gives both copies the cell's path)",
         lambda: L.Bidirectional(L.RNN(L.LSTMCell(2))), [(4, 3)]),
    ]


def layer_table():
    """Builds every row of layer_rows() with real Keras: a 1-layer Functional model, its to_json(), and the weights
    of model_from_json of that JSON (as keras-init reads it)."""
    with warnings.catch_warnings():  # rms_scaling=True is deprecated, and still a LayerNormalization option
        warnings.filterwarnings("ignore", message="You passed `rms_scaling=True`")
        rows = [layer_row(*row) for row in layer_rows()]
    ids = [row["row"] for row in rows]
    if len(set(ids)) != len(ids):
        raise ValueError("layer rows must have distinct ids")
    return {"keras_version": keras.__version__, "rows": rows}


def layer_row(row_id, make_layer, shapes, dtype=None):
    """One row of the layer table: the 1-layer model's config and Keras' model.weights of model_from_json(config)."""
    keras.utils.clear_session(free_memory=True)  # each row's layer gets its class's first name (dense, lstm)
    layer = make_layer()
    inputs = [keras.Input(shape, dtype=dtype) for shape in shapes]
    model = keras.Model(inputs, layer(*inputs), name="row")
    config = json.loads(model.to_json())
    del model
    keras.utils.clear_session(free_memory=True)
    built = keras.models.model_from_json(json.dumps(config))
    weights = []
    for w in built.weights:
        entry = {"path": w.path, "shape": list(w.shape), "dtype": w.dtype, "trainable": w.trainable,
                 "initializer": getattr(w, "_parity_initializer", None)}
        function = getattr(w, "_parity_initializer_function", None)
        if function:
            entry["initializer_function"] = function
        weights.append(entry)
    return {"row": row_id, "input_shapes": [list(s) for s in shapes], "config": config, "weights": weights}


def export_layers(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    table = layer_table()
    write_json(path, table)
    print(f"layer table: {len(table['rows'])} rows, {sum(len(r['weights']) for r in table['rows'])} weights")


def check_layers():
    """What differs between the committed layer table and a fresh one (row ids); empty when they are equal."""
    if not os.path.exists(LAYER_GOLDEN):
        return [os.path.relpath(LAYER_GOLDEN, ROOT) + " (missing)"]
    with open(LAYER_GOLDEN) as f:
        old = json.load(f)
    fresh = json.loads(json.dumps(layer_table()))  # tuples as lists, as in the file
    if fresh == old:
        return []
    old_rows = {r["row"]: r for r in old.get("rows", [])}
    fresh_ids = [r["row"] for r in fresh["rows"]]
    stale = [f"layers: row {r['row']!r}" + (" (missing)" if r["row"] not in old_rows else "")
             for r in fresh["rows"] if old_rows.get(r["row"]) != r]
    stale += [f"layers: row {i!r} (no longer in layer_rows)" for i in old_rows if i not in fresh_ids]
    if {k: v for k, v in fresh.items() if k != "rows"} != {k: v for k, v in old.items() if k != "rows"}:
        stale.append("layers: keras_version")
    if not stale:
        stale.append("layers: row order")
    return stale


_F = "float32"
# Classes of keras.layers no minimal instance is built for, and why.
CLASS_SKIP = {  # class: why no minimal instance is built
    "Layer": "abstract base class", "Wrapper": "abstract base class",
    "FlaxLayer": "wraps a Flax module (JAX backend)", "JaxLayer": "wraps a JAX function (JAX backend)",
    "TorchModuleWrapper": "wraps a torch module (torch backend)", "TFSMLayer": "loads a SavedModel from disk",
}
# class: (constructor kwargs, input shapes without batch, input dtype)
# What a minimal instance needs, by class (aliases use their class's row): (constructor kwargs or the name of a
# _special_layer, input shapes without the batch (None: a cell, built alone), the inputs' dtype).
CLASS_ARGS = {
    "Activation": ({"activation": "relu"}, [(4,)], _F),
    "AdaptiveAveragePooling1D": ({"output_size": 2}, [(4, 3)], _F),
    "AdaptiveAveragePooling2D": ({"output_size": 2}, [(4, 4, 3)], _F),
    "AdaptiveAveragePooling3D": ({"output_size": 2}, [(4, 4, 4, 3)], _F),
    "AdaptiveMaxPooling1D": ({"output_size": 2}, [(4, 3)], _F),
    "AdaptiveMaxPooling2D": ({"output_size": 2}, [(4, 4, 3)], _F),
    "AdaptiveMaxPooling3D": ({"output_size": 2}, [(4, 4, 4, 3)], _F),
    "Add": ({}, [(4,), (4,)], _F), "Subtract": ({}, [(4,), (4,)], _F), "Multiply": ({}, [(4,), (4,)], _F),
    "Average": ({}, [(4,), (4,)], _F), "Maximum": ({}, [(4,), (4,)], _F), "Minimum": ({}, [(4,), (4,)], _F),
    "Concatenate": ({}, [(4,), (4,)], _F), "Dot": ({"axes": 1}, [(4,), (4,)], _F),
    "AdditiveAttention": ({}, [(3, 4), (3, 4)], _F), "Attention": ({}, [(3, 4), (3, 4)], _F),
    "MultiHeadAttention": ({"num_heads": 2, "key_dim": 2}, [(3, 4), (3, 4)], _F),
    "GroupedQueryAttention": ({"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1}, [(3, 4), (3, 4)], _F),
    "AugMix": ({}, [(8, 8, 3)], _F), "CutMix": ({}, [(8, 8, 3)], _F), "MixUp": ({}, [(8, 8, 3)], _F),
    "RandAugment": ({}, [(8, 8, 3)], _F),
    "CategoryEncoding": ({"num_tokens": 5, "output_mode": "multi_hot"}, [(3,)], "int32"),
    "CenterCrop": ({"height": 2, "width": 2}, [(4, 4, 3)], _F),
    "Resizing": ({"height": 2, "width": 2}, [(4, 4, 3)], _F),
    "RandomCrop": ({"height": 2, "width": 2}, [(4, 4, 3)], _F),
    "Conv1D": ({"filters": 2, "kernel_size": 2}, [(4, 3)], _F),
    "Conv2D": ({"filters": 2, "kernel_size": 2}, [(4, 4, 3)], _F),
    "Conv3D": ({"filters": 2, "kernel_size": 2}, [(4, 4, 4, 3)], _F),
    "Conv1DTranspose": ({"filters": 2, "kernel_size": 2}, [(4, 3)], _F),
    "Conv2DTranspose": ({"filters": 2, "kernel_size": 2}, [(4, 4, 3)], _F),
    "Conv3DTranspose": ({"filters": 2, "kernel_size": 2}, [(4, 4, 4, 3)], _F),
    "DepthwiseConv1D": ({"kernel_size": 2}, [(4, 3)], _F),
    "DepthwiseConv2D": ({"kernel_size": 2}, [(4, 4, 3)], _F),
    "SeparableConv1D": ({"filters": 2, "kernel_size": 2}, [(4, 3)], _F),
    "SeparableConv2D": ({"filters": 2, "kernel_size": 2}, [(4, 4, 3)], _F),
    "ConvLSTM1D": ({"filters": 2, "kernel_size": 2}, [(2, 4, 3)], _F),
    "ConvLSTM2D": ({"filters": 2, "kernel_size": 2}, [(2, 4, 4, 3)], _F),
    "ConvLSTM3D": ({"filters": 2, "kernel_size": 2}, [(2, 4, 4, 4, 3)], _F),
    "Cropping1D": ({}, [(4, 3)], _F), "Cropping2D": ({}, [(4, 4, 3)], _F), "Cropping3D": ({}, [(4, 4, 4, 3)], _F),
    "ZeroPadding1D": ({}, [(4, 3)], _F), "ZeroPadding2D": ({}, [(4, 4, 3)], _F), "ZeroPadding3D": ({}, [(4, 4, 4, 3)], _F),
    "UpSampling1D": ({}, [(4, 3)], _F), "UpSampling2D": ({}, [(4, 4, 3)], _F), "UpSampling3D": ({}, [(4, 4, 4, 3)], _F),
    "AveragePooling1D": ({"pool_size": 2}, [(4, 3)], _F), "AveragePooling2D": ({"pool_size": 2}, [(4, 4, 3)], _F),
    "AveragePooling3D": ({"pool_size": 2}, [(4, 4, 4, 3)], _F),
    "Dense": ({"units": 2}, [(4,)], _F),
    "EinsumDense": ({"equation": "ab,bc->ac", "output_shape": 2}, [(4,)], _F),
    "Embedding": ({"input_dim": 5, "output_dim": 2}, [(3,)], "int32"),
    "ReversibleEmbedding": ({"input_dim": 5, "output_dim": 2}, [(3,)], "int32"),
    "Discretization": ({"bin_boundaries": [0.0, 1.0]}, [(4,)], _F),
    "Hashing": ({"num_bins": 3}, [(4,)], "int32"),
    "HashedCrossing": ({"num_bins": 3}, [(), ()], "int32"),
    "IntegerLookup": ({"vocabulary": [1, 2, 3]}, [(4,)], "int64"),
    "StringLookup": ({"vocabulary": ["a", "b"]}, [(4,)], "string"),
    "TextVectorization": ({"vocabulary": ["a", "b"], "output_sequence_length": 4}, [()], "string"),
    "Lambda": ({"function": keras.activations.relu}, [(4,)], _F),
    "Embedding": ({"input_dim": 5, "output_dim": 2}, [(3,)], "int32"),
    "GRU": ({"units": 2}, [(3, 4)], _F), "LSTM": ({"units": 2}, [(3, 4)], _F), "SimpleRNN": ({"units": 2}, [(3, 4)], _F),
    "GRUCell": ({"units": 2}, None, _F), "LSTMCell": ({"units": 2}, None, _F), "SimpleRNNCell": ({"units": 2}, None, _F),
    "StackedRNNCells": ("cells", None, _F),
    "RNN": ("rnn", [(3, 4)], _F),
    "Bidirectional": ("bidirectional", [(3, 4)], _F),
    "TimeDistributed": ("time_distributed", [(3, 4)], _F),
    "SpectralNormalization": ("spectral", [(4,)], _F),
    "Pipeline": ("pipeline", [(4,)], _F),
    "Permute": ({"dims": (2, 1)}, [(4, 3)], _F), "RepeatVector": ({"n": 2}, [(4,)], _F),
    "Reshape": ({"target_shape": (2, 2)}, [(4,)], _F), "Rescaling": ({"scale": 0.5}, [(4,)], _F),
    "Dropout": ({"rate": 0.5}, [(4,)], _F), "SpatialDropout1D": ({"rate": 0.5}, [(4, 3)], _F),
    "SpatialDropout2D": ({"rate": 0.5}, [(4, 4, 3)], _F), "SpatialDropout3D": ({"rate": 0.5}, [(4, 4, 4, 3)], _F),
    "GaussianDropout": ({"rate": 0.5}, [(4,)], _F), "GaussianNoise": ({"stddev": 0.5}, [(4,)], _F),
    "AlphaDropout": ({"rate": 0.5}, [(4,)], _F),
    "GroupNormalization": ({"groups": 2}, [(4,)], _F),
    "InputLayer": ("input", [(4,)], _F),
    "MaxNumBoundingBoxes": ({"max_number": 2}, [(4, 4, 3)], _F),
    "MelSpectrogram": ({}, [(4000,)], _F),
    "STFTSpectrogram": ({"frame_length": 16, "frame_step": 8, "fft_length": 16}, [(64, 1)], _F),
    "Masking": ({}, [(3, 4)], _F),
    "RandomPosterization": ({"factor": 4, "value_range": (0, 255)}, [(8, 8, 3)], _F),
    "RandomBrightness": ({"factor": 0.1}, [(8, 8, 3)], _F),
    "RandomContrast": ({"factor": 0.1}, [(8, 8, 3)], _F),
    "RandomTranslation": ({"height_factor": 0.1, "width_factor": 0.1}, [(8, 8, 3)], _F),
    "RandomZoom": ({"height_factor": 0.1}, [(8, 8, 3)], _F),
    "RandomRotation": ({"factor": 0.1}, [(8, 8, 3)], _F),
    "RandomHue": ({"factor": 0.1, "value_range": (0, 255)}, [(8, 8, 3)], _F),
    "RandomSaturation": ({"factor": 0.1, "value_range": (0, 255)}, [(8, 8, 3)], _F),
    "RandomSharpness": ({"factor": 0.1, "value_range": (0, 255)}, [(8, 8, 3)], _F),
    # x_factor=0.1 is saved as (-0.1, 0.1), which Keras 3.15.1's own from_config refuses (a negative factor)
    "RandomShear": ({"y_factor": (0.1, 0.2)}, [(8, 8, 3)], _F),
    "RandomColorDegeneration": ({"factor": 0.1}, [(8, 8, 3)], _F),
    "RandomGaussianBlur": ({"factor": 0.1}, [(8, 8, 3)], _F),
}
# Image layers: one (8, 8, 3) image.
CLASS_IMAGE = {"AutoContrast", "Equalization", "Solarization", "RandomFlip", "RandomGrayscale", "RandomInvert",
         "RandomErasing", "RandomPerspective", "RandomElasticTransform", "RandomColorJitter",
         "ContrastLimitedAdaptiveHistogramEqualization"}

def _special_layer(kind):
    if kind == "cells":
        return layers.StackedRNNCells([layers.LSTMCell(2), layers.GRUCell(2)])
    if kind == "rnn":
        return layers.RNN(layers.LSTMCell(2))
    if kind == "bidirectional":
        return layers.Bidirectional(layers.LSTM(2))
    if kind == "time_distributed":
        return layers.TimeDistributed(layers.Dense(2))
    if kind == "spectral":
        return layers.SpectralNormalization(layers.Dense(2))
    if kind == "pipeline":
        return layers.Pipeline([layers.Rescaling(0.5), layers.Rescaling(2.0)])

def _class_spec(name):
    name = getattr(layers, name).__name__
    if name in CLASS_ARGS:
        return CLASS_ARGS[name]
    if name in CLASS_IMAGE:
        return ({}, [(8, 8, 3)], _F)
    return ({}, [(4, 4, 3)] if "2D" in name else [(4, 3)] if "1D" in name else [(4, 4, 4, 3)] if "3D" in name else [(4,)], _F)

# Layers called on a list of tensors (one argument); other multi-input layers take them as separate arguments.
CLASS_LIST_CALL = {"Concatenate", "Dot", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
                   "HashedCrossing", "Attention", "AdditiveAttention"}


def layer_classes():
    """Every public class of keras.layers, each built as a minimal instance in a 1-layer Functional model: whether it
    has weights (len(layer.weights)), whether deserializing its config draws from Python's random (the stream
    keras.utils.set_random_seed seeds, which unseeded initializers and SeedGenerators draw from), and the inputs'
    dtype it was built on. keras-init accepts every class here with no weights that draws no seeds."""
    import inspect
    import random
    from keras.src.saving import serialization_lib
    names = sorted(n for n in dir(layers)
                   if inspect.isclass(getattr(layers, n)) and issubclass(getattr(layers, n), layers.Layer))
    rows = []
    draw_cases = []
    for name in names:
        cls = getattr(layers, name)
        row = {"class": name}
        if cls.__name__ != name:
            row["alias_of"] = cls.__name__
        if name in CLASS_SKIP:
            row["skipped"] = CLASS_SKIP[name]
            rows.append(row)
            continue
        kwargs, shapes, dtype = _class_spec(name)
        model = None
        keras.utils.clear_session(free_memory=True)
        try:
            if kwargs == "input":
                layer = layers.InputLayer(shape=shapes[0], dtype=dtype)
            else:
                layer = _special_layer(kwargs) if isinstance(kwargs, str) else cls(**kwargs)
                if shapes is None:
                    layer.build((None, 4))  # a cell: built alone, as its RNN would
                else:
                    inputs = [keras.Input(s, dtype=dtype) for s in shapes]
                    if len(inputs) == 1:
                        outputs = layer(inputs[0])
                    elif cls.__name__ in CLASS_LIST_CALL:
                        outputs = layer(inputs)
                    else:
                        outputs = layer(*inputs)
                    try:
                        model = keras.Model(inputs, outputs)
                    except ValueError:  # Equalization hands back its input tensor: Keras sees a cycle
                        model = None
            row.update(input_shapes=None if shapes is None else [list(s) for s in shapes], input_dtype=dtype,
                       weights=len(layer.weights))
            if row["weights"] == 0 and shapes is not None and kwargs != "input" and model is not None:
                row["model"] = json.loads(model.to_json())  # the 1-layer model LayerClassesTest loads
                # Keras' output shapes, which keras-init's shape rules must give where it has one
                row["output_shapes"] = [[d for d in o.shape] for o in keras.tree.flatten(outputs)]
            config = layers.serialize(layer)
            keras.utils.set_random_seed(0)
            before = random.getstate()
            with serialization_lib.SafeModeScope(False):  # Lambda's function is Python bytecode
                layers.deserialize(config)
            row["draws_seeds"] = random.getstate() != before
            if row["weights"] == 0 and (row["draws_seeds"] or "seed" in config["config"] or name == "Pipeline"):
                draw_cases += _seed_draw_cases(name, config)
            keywords = _keywords(cls, config["config"])
            # one string, split by keras-init only for the classes a model has: every model read scans this file
            row["keywords"] = None if keywords is None else " ".join(keywords)
        except Exception as e:  # a class Keras itself cannot round-trip: recorded as such, not guessed
            row["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:160]}"
        rows.append(row)
    return {"keras_version": keras.__version__, "classes": rows, "seed_draws": draw_cases}


# Keyword arguments some constructor pops from **kwargs (grep "kwargs.pop(" in keras/src/layers), beyond the named
# parameters of the class's __init__ and its bases'.
POPPED_KEYWORDS = {"input_dim", "input_shape", "batch_input_shape", "implementation", "rms_scaling", "input_length",
                   "vocabulary_size", "has_input_vocabulary", "alpha", "trainable", "dtype"}
NOT_AN_ARGUMENT = "keras_init_not_an_argument"


def _refuses_keyword(cls, config, key):
    """Whether cls.from_config refuses `key` as an argument it does not know ("Unrecognized keyword arguments passed
    to Dense", or Python's "unexpected keyword argument"); any other outcome (it builds, or it refuses the None value)
    means the constructor takes it."""
    from keras.src.saving import serialization_lib
    probe = copy.deepcopy(config)
    probe[key] = None
    try:
        with serialization_lib.SafeModeScope(False):
            cls.from_config(probe)
    except Exception as e:  # noqa: BLE001 -- the message tells which refusal it is
        return "Unrecognized keyword argument" in str(e) or "unexpected keyword argument" in str(e)
    return False


def _keywords(cls, config):
    """The keys a config of this class may hold, as Keras' from_config takes them: the keys its own get_config wrote,
    and those of the candidates (the named parameters of every __init__ in its MRO, POPPED_KEYWORDS) it does not refuse
    when probed one at a time. None where the class refuses no key at all (InputLayer ignores unknown ones)."""
    import inspect
    if not _refuses_keyword(cls, config, NOT_AN_ARGUMENT):
        return None
    candidates = set(POPPED_KEYWORDS) | set(config)
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is not None:
            candidates.update(p.name for p in inspect.signature(init).parameters.values()
                              if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name != "self")
    return sorted(k for k in candidates if k in config or not _refuses_keyword(cls, config, k))


# Options that decide how many SeedGenerators a weightless class makes, beyond its seed: (variant, config changes)
SEED_DRAW_OPTIONS = {
    "Dropout": [("rate=0", {"rate": 0.0})], "SpatialDropout1D": [("rate=0", {"rate": 0.0})],
    "SpatialDropout2D": [("rate=0", {"rate": 0.0})], "SpatialDropout3D": [("rate=0", {"rate": 0.0})],
    "GaussianDropout": [("rate=0", {"rate": 0.0})], "AlphaDropout": [("rate=0", {"rate": 0.0})],
    "GaussianNoise": [("stddev=0", {"stddev": 0.0})],
    "AugMix": [("all_ops=False", {"all_ops": False})],
    "RandomColorJitter": [("brightness_factor, hue_factor", {"brightness_factor": 0.1, "hue_factor": 0.1}),
                          ("all four factors", {"brightness_factor": 0.1, "contrast_factor": 0.1,
                                                "saturation_factor": 0.1, "hue_factor": 0.1})],
}


def _count_draws(config):
    """How many times deserializing this layer config calls random.randint (make_default_seed): each unseeded
    SeedGenerator, and RandomCrop's own default seed."""
    import random
    from keras.src.saving import serialization_lib
    count = [0]
    randint = random.randint

    def counting(a, b):
        count[0] += 1
        return randint(a, b)

    random.randint = counting
    try:
        with serialization_lib.SafeModeScope(False):
            layers.deserialize(copy.deepcopy(config))
    finally:
        random.randint = randint
    return count[0]


def _seed_draw_cases(name, config):
    """Keras' live draw counts for a weightless class's config as saved, with seed None and an int seed, and with
    the options that change its SeedGenerators; a variant Keras cannot deserialize is left out."""
    variants = [("as saved", {})]
    if "seed" in config["config"]:
        variants += [("seed=None", {"seed": None}), ("seed=5", {"seed": 5})]
    if name == "Pipeline":  # from_config deserializes its layers: their draws, nested Pipelines' too
        inner = [layers.serialize(layers.RandomFlip()), layers.serialize(layers.Dropout(0.5)),
                 layers.serialize(layers.Pipeline([layers.RandAugment(), layers.Rescaling(0.5)]))]
        variants.append(("RandomFlip, Dropout(0.5), Pipeline(RandAugment, Rescaling)", {"layers": inner}))
    for variant, changes in SEED_DRAW_OPTIONS.get(name, []):
        variants += [(variant, changes), (variant + ", seed=None", {**changes, "seed": None})]
    cases = []
    for variant, changes in variants:
        layer = copy.deepcopy(config)
        layer["config"].update(changes)
        try:
            draws = _count_draws(layer)
        except Exception:  # noqa: BLE001 -- RandomShear: Keras cannot deserialize its own config
            continue
        cases.append({"class": name, "variant": variant, "config": layer, "draws": draws})
    return cases


def export_layer_classes(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    table = layer_classes()
    write_json_rows(path, table)
    rows = table["classes"]
    free = [r["class"] for r in rows if r.get("weights") == 0 and r.get("draws_seeds") is False]
    print(f"layer classes: {len(rows)} classes, {len(free)} weightless and seedless")


def check_layer_classes():
    """What differs between the committed layer-class enumeration and a fresh one; empty when they are equal."""
    rel = os.path.relpath(LAYER_CLASSES, ROOT)
    if not os.path.exists(LAYER_CLASSES):
        return [rel + " (missing)"]
    with open(LAYER_CLASSES) as f:
        old = json.load(f)
    fresh = json.loads(json.dumps(layer_classes()))
    if fresh == old:
        return []
    old_rows = {r["class"]: r for r in old.get("classes", [])}
    stale = [f"{rel}: {r['class']}" for r in fresh["classes"] if old_rows.get(r["class"]) != r]
    if fresh.get("seed_draws") != old.get("seed_draws"):
        stale.append(f"{rel}: seed_draws")
    return stale or [rel]

def seed_initializers(config):
    """Gives every seedable initializer dict the int seed 1000 + its index, in document order."""
    counter = [0]

    def visit(node):
        if isinstance(node, dict):
            if node.get("class_name") in RANDOM_CLASSES and isinstance(node.get("config"), dict) \
                    and node.get("module", "keras.initializers") == "keras.initializers":
                node["config"]["seed"] = 1000 + counter[0]
                counter[0] += 1
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    seeded = copy.deepcopy(config)
    visit(seeded)
    return seeded, counter[0]


def record_initializers():
    """Makes every variable remember its initializer's class, so a golden can say which weights are
    machine-dependent (Keras keeps no link from a variable to its initializer)."""
    variable_class = keras.Variable
    initialize = variable_class._initialize_with_initializer

    def recording(self, initializer):
        self._parity_initializer = type(initializer).__name__
        self._parity_initializer_function = getattr(initializer, "__qualname__", None) \
            if type(initializer).__name__ == "function" else None
        return initialize(self, initializer)

    variable_class._initialize_with_initializer = recording


record_initializers()


def weight_bytes(value):
    """A weight's values as the goldens hash them: C order, little endian; bfloat16 as its uint16 bits."""
    data = value.view(np.uint16) if value.dtype.name == "bfloat16" else value
    return np.ascontiguousarray(data).astype(data.dtype.newbyteorder("<"), copy=False)


def weight_sha256(value):
    return hashlib.sha256(weight_bytes(value).tobytes()).hexdigest()


def weight_goldens(model, golden_dir, prefix):
    out = []
    for index, w in enumerate(model.weights):
        value = keras.ops.convert_to_numpy(w.value)
        data = weight_bytes(value)
        as_float = value.astype(np.float64)
        entry = {
            "path": w.path, "shape": list(value.shape), "dtype": value.dtype.name,
            "sha256": weight_sha256(value),
            "mean": float(as_float.mean()) if value.size else 0.0,
            "std": float(as_float.std()) if value.size else 0.0,
        }
        bound = portability.bound_of(getattr(w, "_parity_initializer", None), value.dtype.name)
        if bound:
            entry["machine_dependent"] = bound
            entry["file"] = f"{VALUES}/{prefix}.{index}.npy"
            np.save(os.path.join(golden_dir, entry["file"]), data, allow_pickle=False)
        out.append(entry)
    return out


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def write_json_rows(path, table):
    """A table as JSON with one line per row of its lists: a diff still shows which class changed, and keras-init's
    jar carries (and every model read scans, at start-up) about half the bytes of an indented file."""
    with open(path, "w") as f:
        f.write("{\n")
        for i, (key, value) in enumerate(table.items()):
            f.write(f" {json.dumps(key)}: ")
            if isinstance(value, list):
                f.write("[\n" + ",\n".join("  " + json.dumps(row) for row in value) + "\n ]")
            else:
                f.write(json.dumps(value))
            f.write(",\n" if i < len(table) - 1 else "\n")
        f.write("}\n")


def export(models_dir, golden_dir, names):
    os.makedirs(models_dir, exist_ok=True)
    os.makedirs(os.path.join(golden_dir, VALUES), exist_ok=True)
    for name in names:
        for old in os.listdir(os.path.join(golden_dir, VALUES)):
            if old.startswith(name + "."):
                os.remove(os.path.join(golden_dir, VALUES, old))
        keras.utils.clear_session(free_memory=True)
        model = MODELS[name]()
        config_json = model.to_json()
        if name.endswith(op_models.UNBUILT_SUFFIX):
            config_json = json.dumps(strip_build_configs(json.loads(config_json)))
        with open(os.path.join(models_dir, name + ".json"), "w") as f:
            f.write(json.dumps(json.loads(config_json), indent=1) + "\n")
        if name in ARCHIVED:
            model.save(os.path.join(models_dir, name + ".keras"))
        if name == "mlp":
            model.save(os.path.join(models_dir, "mlp_legacy.h5"))
        del model
        seeded, count = seed_initializers(json.loads(config_json))
        write_json(os.path.join(golden_dir, name + ".seeded.json"), seeded)
        keras.utils.clear_session(free_memory=True)
        # What no config seeds (initializers made in build: AdditiveAttention's scale, SpectralNormalization's
        # vector_u) draws from Python's random.
        random.seed(SEEDED_PYTHON_SEED)
        built = keras.models.model_from_json(json.dumps(seeded))
        write_json(os.path.join(golden_dir, name + ".weights.json"),
                   {"model": name, "seeded_initializers": count,
                    "weights": weight_goldens(built, golden_dir, name + ".seeded")})
        del built
        for n in SET_RANDOM_SEEDS:
            keras.utils.clear_session(free_memory=True)
            keras.utils.set_random_seed(n)
            built = keras.models.model_from_json(config_json)
            write_json(os.path.join(golden_dir, f"{name}.rs{n}.weights.json"),
                       {"model": name, "set_random_seed": n,
                        "weights": weight_goldens(built, golden_dir, f"{name}.rs{n}")})
            del built
        print(f"{name}: {count} seeded initializers")


def check(names, layers_too):
    """Exports into a temporary directory and compares with what is committed: configs and portable weights exactly
    (mean and std to 1e-9: numpy's sums), machine-dependent weights within their bound; with layers_too also the
    layer table, exactly."""
    with tempfile.TemporaryDirectory() as tmp:
        models_tmp = os.path.join(tmp, "models")
        golden_tmp = os.path.join(tmp, "golden")
        export(models_tmp, golden_tmp, names)
        stale = []
        counts = {"portable": 0, "bit-equal": 0, "bounded": 0}
        worst = {}
        for folder, committed in ((golden_tmp, GOLDEN_DIR), (models_tmp, MODELS_DIR)):
            for file in sorted(os.listdir(folder)):
                if file.endswith((".keras", ".h5")) or file == VALUES:
                    continue  # archives carry timestamps; their configs are checked through the .json
                mine = os.path.join(folder, file)
                theirs = os.path.join(committed, file)
                if not os.path.exists(theirs):
                    stale.append(file + " (missing)")
                    continue
                with open(mine) as a, open(theirs) as b:
                    fresh, old = json.load(a), json.load(b)
                if not file.endswith(".weights.json"):
                    if fresh != old:
                        stale.append(file)
                    continue
                if {k: v for k, v in fresh.items() if k != "weights"} != {k: v for k, v in old.items() if k != "weights"} \
                        or len(fresh["weights"]) != len(old["weights"]):
                    stale.append(file)
                    continue
                for new_w, old_w in zip(fresh["weights"], old["weights"]):
                    problem = compare_weight(new_w, old_w, golden_tmp, counts, worst)
                    if problem:
                        stale.append(f"{file}: {new_w['path']} ({problem})")
        if layers_too:
            stale += check_layers()
            stale += check_layer_classes()
        if names:
            print(f"on this CPU ({portability.cpu_class()}):")
            print(f"  {counts['portable']} portable weights byte-equal; machine-dependent: {counts['bit-equal']}"
                  f" bit-equal, {counts['bounded']} within their bound"
                  + "".join(f"; {b}: largest {e:.3g} eps" for b, e in sorted(worst.items())))
        if stale:
            print("STALE goldens (re-run python-parity/export_models.py and commit): " + ", ".join(stale[:20]))
            return 1
        print(f"model goldens are up to date ({len(names)} models"
              + (f", the layer table: {len(layer_rows())} rows, the keras.layers classes)" if layers_too else ")"))
        return 0


def compare_weight(fresh, old, fresh_dir, counts, worst):
    """None when the fresh weight matches the committed golden under the parity rule, else what differs."""
    import math
    exact_keys = [k for k in fresh if k not in ("sha256", "mean", "std")]
    if [fresh[k] for k in exact_keys] != [old.get(k) for k in exact_keys] or set(fresh) != set(old):
        return "path, shape, dtype or kind"
    if not all(math.isclose(fresh[k], old[k], rel_tol=1e-9, abs_tol=1e-12) for k in ("mean", "std")):
        return "mean or std"
    bound = fresh.get("machine_dependent")
    if bound is None:
        if fresh["sha256"] != old["sha256"]:
            return "bytes differ (portable: bit-exact on every machine)"
        counts["portable"] += 1
        return None
    if fresh["sha256"] == old["sha256"]:
        counts["bit-equal"] += 1
        return None
    verdict = portability.within(bound, fresh["dtype"], np.load(os.path.join(GOLDEN_DIR, old["file"])),
                                 np.load(os.path.join(fresh_dir, fresh["file"])))
    if not verdict.ok:
        return f"{bound}: {verdict.detail}"
    counts["bounded"] += 1
    worst[bound] = max(worst.get(bound, 0.0), verdict.eps)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--big", action="store_true", help="include " + ", ".join(sorted(BIG)))
    parser.add_argument("--only", nargs="*", help=f"export only these models ({LAYER_TABLE!r}: the layer table)")
    args = parser.parse_args()
    names = args.only or [n for n in MODELS if args.big or n not in BIG] + [LAYER_TABLE]
    unknown = [n for n in names if n not in MODELS and n != LAYER_TABLE]
    if unknown:
        parser.error(f"unknown model {unknown[0]!r}; known: {', '.join(list(MODELS) + [LAYER_TABLE])}")
    layers_too = LAYER_TABLE in names
    names = [n for n in names if n != LAYER_TABLE]
    if args.check:
        sys.exit(check(names, layers_too))
    export(MODELS_DIR, GOLDEN_DIR, names)
    if layers_too:
        export_layers(LAYER_GOLDEN)
        export_layer_classes(LAYER_CLASSES)
    if not args.big and not args.only:
        # the big model's config is committed (the benchmark reads it); its goldens are made on demand
        keras.utils.clear_session(free_memory=True)
        with open(os.path.join(MODELS_DIR, "wide_mlp.json"), "w") as f:
            f.write(json.dumps(json.loads(wide_mlp().to_json()), indent=1) + "\n")


if __name__ == "__main__":
    main()
