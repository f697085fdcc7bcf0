"""Ten functional models built from keras.ops calls (Keras 3 op layers, module keras.src.ops.*), for export_models.py.

Together they call every op the model loader reads: NotEqual, Cast, Mean, Sum, GetItem, Concatenate, Reshape,
Transpose, ExpandDims, Squeeze, Tile, Repeat, Pad, Stack, Matmul, Einsum, Softmax, image Resize, and arithmetic
(Add, Subtract, Multiply, Divide, Power, Maximum, Minimum, comparisons, Where, unary maths), in the forms users write
(negative axes, keepdims, None axes, ellipses, steps, newaxis, broadcasting). Every op result feeds weights (a
Dense, a Conv2D, an EinsumDense), so a wrong output shape gives a wrong kernel shape. export_models.py writes each
as models/<name>.json and models/<name>.keras, and as models/<name>_unbuilt.json with every build_config removed,
so that the layers after the ops are built from the shapes the ops give, not from shapes the file recorded.
"""
import keras
from keras import layers, ops



def _head(x, name, units=2):
    """Flatten then Dense, named after the op: its kernel is [prod(x.shape[1:]), units]."""
    return layers.Dense(units, name=name + "_head")(layers.Flatten(name=name + "_flatten")(x))


def ops_masked_pooling():
    """Masked mean pooling of embeddings, as text models write it: NotEqual, Cast, ExpandDims, Multiply, Sum (with
    and without keepdims), Maximum, Divide, Mean."""
    ids = keras.Input((8,), dtype="int32", name="ids")
    emb = layers.Embedding(20, 6, name="embedding")(ids)
    mask = ops.cast(ops.not_equal(ids, 0), "float32")
    summed = ops.sum(emb * ops.expand_dims(mask, -1), axis=1)
    count = ops.sum(mask, axis=-1, keepdims=True)
    pooled = summed / ops.maximum(count, 1.0)
    per_token = ops.mean(emb, axis=-1)
    both = ops.mean(emb, axis=(1, 2), keepdims=True)
    return keras.Model(ids, [layers.Dense(3, name="pooled_head")(pooled), layers.Dense(2, name="token_head")(per_token),
                             _head(both, "both_axes")], name="ops_masked_pooling")


def ops_slicing():
    """x[...] in its forms (GetItem): an int index, a negative index, Ellipsis, newaxis, steps, negative steps."""
    x = keras.Input((6, 4, 5), name="x")
    cases = {"index": x[:, 1], "ellipsis_index": x[..., 0], "newaxis_slice": x[:, None, 2:4],
             "step_negative_index": x[:, ::2, -1], "negative_start": x[:, -3:, 1:], "reverse": x[:, 5:1:-1],
             "trailing_newaxis": x[:, :, :, None], "ellipsis_middle": x[:, ..., 1:4]}
    return keras.Model(x, [_head(v, k) for k, v in cases.items()], name="ops_slicing")


def ops_reshape_transpose():
    """op Reshape (-1 in two places) beside layer Reshape; Transpose; ExpandDims on several axes; Squeeze with and
    without an axis; a Dense on a rank-3 result (its kernel takes the last dim only)."""
    x = keras.Input((6, 4), name="x")
    a = ops.reshape(x, (-1, 3, 8))
    b = layers.Reshape((8, 3), name="layer_reshape")(x)
    c = ops.reshape(x, (-1, 2, 12))
    t = ops.transpose(x, (0, 2, 1))
    t3 = ops.transpose(ops.reshape(x, (-1, 2, 3, 4)), (0, 3, 1, 2))
    e = ops.expand_dims(x, (1, 3))
    s = ops.squeeze(e)
    s1 = ops.squeeze(ops.expand_dims(x, -1), axis=-1)
    outs = [layers.Dense(3, name="op_reshape_dense")(a), _head(b, "layer_reshape"), _head(c, "op_reshape_flat"),
            layers.Dense(2, name="transpose_dense")(t), layers.Dense(2, name="transpose4_dense")(t3),
            _head(e, "expand_dims"), layers.Dense(2, name="squeeze_all_dense")(s),
            layers.Dense(2, name="squeeze_axis_dense")(s1)]
    return keras.Model(x, outs, name="ops_reshape_transpose")


def ops_concat_stack_tile():
    """op Concatenate (default axis 0 is the batch axis: axis=1 and -1 here) beside layer Concatenate; Stack on new
    axes; Tile with a shorter and a longer repeats; Repeat, scalar and per-element."""
    a = keras.Input((6, 4), name="a")
    b = keras.Input((3, 4), name="b")
    c = keras.Input((6, 4), name="c")
    outs = [
        _head(ops.concatenate([a, b, c], axis=1), "op_concatenate_1"),
        layers.Dense(2, name="op_concatenate_last_dense")(ops.concatenate([a, c], axis=-1)),
        _head(layers.Concatenate(axis=1, name="layer_concatenate")([a, b]), "layer_concatenate"),
        _head(ops.stack([a, c], axis=1), "stack_1"),
        layers.Dense(2, name="stack_last_dense")(ops.stack([a, c, a], axis=-1)),
        _head(ops.tile(a, (1, 2, 3)), "tile"),
        _head(ops.tile(b, (2,)), "tile_short"),
        layers.Dense(2, name="tile_long_dense")(ops.tile(b, (1, 1, 1, 2))),  # a new leading axis: (1, None, 3, 8)
        _head(ops.repeat(a, 3, axis=2), "repeat"),
        _head(ops.repeat(b, [1, 2, 3], axis=1), "repeat_each"),
        _head(ops.repeat(b, 2, axis=-2), "repeat_negative_axis"),
    ]
    return keras.Model([a, b, c], outs, name="ops_concat_stack_tile")


def ops_pad_resize():
    """Pad (per axis, and one pair for every axis) and image Resize (channels_last and channels_first, other
    interpolations) ahead of Conv2D layers, whose kernels do not depend on the spatial size: the Dense heads after
    them do."""
    img = keras.Input((8, 8, 3), name="image")
    padded = ops.pad(img, ((0, 0), (1, 1), (2, 0), (0, 0)))
    p = layers.Conv2D(4, 3, name="pad_conv")(padded)
    r = layers.Conv2D(4, 3, strides=2, name="resize_conv")(ops.image.resize(img, (12, 10)))
    n = ops.image.resize(img, (5, 7), interpolation="nearest")
    first = ops.transpose(img, (0, 3, 1, 2))
    f = ops.image.resize(first, (4, 6), data_format="channels_first")
    f = layers.Conv2D(2, 3, data_format="channels_first", name="channels_first_conv")(f)
    vec = keras.Input((5,), name="vec")
    all_axes = ops.pad(vec, ((1, 2),))
    outs = [_head(p, "pad"), _head(r, "resize"), _head(n, "resize_nearest"), _head(f, "channels_first"),
            layers.Dense(2, name="pad_all_dense")(all_axes)]
    return keras.Model([img, vec], outs, name="ops_pad_resize")


def ops_attention():
    """Attention written with ops: Matmul of a query and a transposed key, a scale (Divide), Softmax, Matmul with the
    value; then heads split by Reshape and mixed by Einsum, Softmax over a non-last axis."""
    x = keras.Input((5, 8), name="tokens")
    q = layers.Dense(8, name="query")(x)
    k = layers.Dense(8, name="key")(x)
    v = layers.Dense(6, name="value")(x)
    scores = ops.matmul(q, ops.transpose(k, (0, 2, 1))) / 8.0 ** 0.5
    single = ops.matmul(ops.softmax(scores, axis=-1), v)
    qh = ops.reshape(layers.Dense(8, name="query_heads")(x), (-1, 5, 2, 4))
    kh = ops.reshape(layers.Dense(8, name="key_heads")(x), (-1, 5, 2, 4))
    vh = ops.reshape(layers.Dense(6, name="value_heads")(x), (-1, 5, 2, 3))
    weights = ops.softmax(ops.einsum("bqhd,bkhd->bhqk", qh, kh), axis=-1)
    multi = ops.reshape(ops.einsum("bhqk,bkhd->bqhd", weights, vh), (-1, 5, 6))
    over_queries = ops.softmax(scores, axis=1)
    outs = [layers.Dense(4, name="single_out")(single), layers.Dense(3, name="multi_out")(multi),
            layers.Dense(2, name="over_queries_out")(over_queries)]
    return keras.Model(x, outs, name="ops_attention")


def ops_reductions():
    """Reductions over one axis, several axes, negative axes, with keepdims: Mean, Sum, Max, Min, Prod, Var, Std;
    Argmax (an int result, cast back to float)."""
    x = keras.Input((4, 5, 6), name="x")
    cases = {"max_axis1": ops.max(x, axis=1), "min_axes_keepdims": ops.min(x, axis=(1, 2), keepdims=True),
             "var_last": ops.var(x, axis=-1), "std_first_last": ops.std(x, axis=(1, -1)),
             "prod_keepdims": ops.prod(x, axis=-2, keepdims=True), "sum_all_but_batch": ops.sum(x, axis=(1, 2, 3)),
             "mean_negative": ops.mean(x, axis=-3),
             "argmax": ops.cast(ops.argmax(x, axis=-1), "float32"),
             "argmax_keepdims": ops.cast(ops.argmax(x, axis=1, keepdims=True), "float32")}
    outs = [layers.Dense(2, name=k + "_dense")(v) if len(v.shape) == 2 else _head(v, k) for k, v in cases.items()]
    return keras.Model(x, outs, name="ops_reductions")


def ops_arithmetic():
    """Arithmetic with broadcasting (ranks, size-1 and unknown axes that differ, Python scalars): Add, Subtract,
    Multiply, Divide, Power, Maximum, Minimum, Greater, Where, Negative, Abs, Sqrt, Exp."""
    a = keras.Input((6, 4), name="a")
    b = keras.Input((4,), name="b")
    col = keras.Input((6, 1), name="col")
    row = ops.expand_dims(b, 1)  # (None, 1, 4)
    cases = {"add_rank": a + row, "outer": col * row, "subtract_scalar": a - 1.0, "divide": a / (row + 2.0),
             "power": ops.power(a, 2.0), "maximum": ops.maximum(col, a), "minimum": ops.minimum(a, 0.5),
             "where": ops.where(ops.greater(a, 0.0), a, col), "unary": ops.sqrt(ops.abs(-a)) + ops.exp(col),
             # (None, 6, 4) + (6, None, 4): a known size beats an unknown one on either side, (6, 6, 4)
             "known_size_wins": a + ops.transpose(a, (1, 0, 2))}
    outs = [_head(v, k) for k, v in cases.items()] + [layers.Dense(2, name="row_dense")(row * 3.0)]
    return keras.Model([a, b, col], outs, name="ops_arithmetic")


def ops_einsum_matmul():
    """Einsum with an ellipsis, a transpose-only equation, a contraction to a vector and an outer product; Matmul with
    broadcast batch axes."""
    a = keras.Input((3, 4), name="a")
    b = keras.Input((4, 5), name="b")
    c = keras.Input((2, 3, 4), name="c")
    d = keras.Input((1, 4, 5), name="d")
    cases = {"ellipsis": ops.einsum("...ij,...jk->...ik", a, b), "transpose_only": ops.einsum("bij->bji", a),
             "contract": ops.einsum("bij,bij->bi", a, a), "outer": ops.einsum("bi,bj->bij", a[:, 0], b[:, 1]),
             "matmul": ops.matmul(a, b), "matmul_broadcast": ops.matmul(c, d),
             "matmul_rank_mix": ops.matmul(c, b[:, None])}
    outs = [layers.Dense(2, name=k + "_dense")(v) for k, v in cases.items()]
    return keras.Model([a, b, c, d], outs, name="ops_einsum_matmul")


def ops_image_gating():
    """A small image model in the style of squeeze-and-excitation blocks written with ops: Mean over the spatial axes
    with keepdims, Squeeze, Softmax over channels, Multiply back, image Resize up, Concatenate with the input, then
    Conv2D and an EinsumDense whose kernel follows the shapes."""
    img = keras.Input((16, 16, 3), name="image")
    x = layers.Conv2D(8, 3, padding="same", name="stem")(img)
    pooled = ops.mean(x, axis=(1, 2), keepdims=True)
    gate = ops.softmax(layers.Dense(8, name="gate")(ops.squeeze(pooled, axis=(1, 2))), axis=-1)
    x = x * ops.reshape(gate, (-1, 1, 1, 8))
    small = layers.Conv2D(4, 3, strides=2, padding="same", name="down")(x)
    up = ops.image.resize(small, (16, 16), interpolation="bilinear")
    merged = ops.concatenate([up, img], axis=-1)
    y = layers.Conv2D(5, 1, name="mix")(merged)
    y = layers.EinsumDense("bhwc,cd->bhd", output_shape=(16, 3), name="einsum_dense")(y)
    return keras.Model(img, layers.Dense(2, name="out")(layers.Flatten(name="out_flatten")(y)),
                       name="ops_image_gating")


MODELS = {f.__name__: f for f in (ops_masked_pooling, ops_slicing, ops_reshape_transpose, ops_concat_stack_tile,
                                  ops_pad_resize, ops_attention, ops_reductions, ops_arithmetic, ops_einsum_matmul,
                                  ops_image_gating)}
UNBUILT_SUFFIX = "_unbuilt"
