"""The initializer case matrix: every class and alias, every dtype, shapes of rank 0 to 5,
the seeds that exercise Keras' seed folding, non-default arguments, and the inputs Keras rejects.

Each case is a dict:
  id           group-<hash of the content>: unique, file-name safe, stable when cases are added
  group        what the case is about (used for the parity table)
  config       anything `keras.initializers.get` takes: an alias string, a Keras 3 dict, a Keras 2 dict
  shape        list of ints
  dtype        Keras dtype name
  calls        optional: call the same instance this many times and keep the last output (SeedGenerator)
  python_seed  optional: `random.seed(python_seed)` right before `get`, so unseeded initializers draw a
               reproducible seed (Keras' `make_default_seed` is `random.randint(1, 10**9)`)
"""
import hashlib
import json

FLOATS = ["float16", "bfloat16", "float32", "float64"]
# dtypes TF-Java 1.1.0 has a type class for, besides the floats
NON_FLOATS = ["int32", "int64", "uint8", "uint16", "bool"]

RANDOM_CLASSES = [
    "RandomNormal", "TruncatedNormal", "RandomUniform", "VarianceScaling",
    "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform",
    "Orthogonal",
]
CONSTANT_CLASSES = ["Zeros", "Ones", "Constant", "Identity", "STFT"]
ALL_CLASSES = CONSTANT_CLASSES + RANDOM_CLASSES

SEEDS = [0, 1, 42, 2**31 - 2, 2**31 - 1, 2**31 + 5, 2**40, -1, -(2**31), 2**63 - 1, -(2**63)]

SHAPES = [
    [], [5], [0], [1], [3, 4], [4, 3], [1, 1], [7, 7], [0, 5], [5, 0],
    [3, 16, 8], [2, 1, 3], [3, 3, 16, 32], [2, 3, 4, 5, 6], [1, 1, 1, 1, 1],
]

# Every string keras.initializers.get accepts in Keras 3.15.1 (41), by class.
ALIASES = {
    "Constant": ["Constant", "constant"],
    "Zeros": ["Zeros", "zeros", "zero"],
    "Ones": ["Ones", "ones", "one"],
    "Identity": ["Identity", "identity", "IdentityInitializer"],
    "STFT": ["STFT", "stft", "STFTInitializer"],
    "RandomNormal": ["RandomNormal", "random_normal", "normal"],
    "TruncatedNormal": ["TruncatedNormal", "truncated_normal"],
    "RandomUniform": ["RandomUniform", "random_uniform", "uniform"],
    "VarianceScaling": ["VarianceScaling", "variance_scaling"],
    "GlorotUniform": ["GlorotUniform", "glorot_uniform"],
    "GlorotNormal": ["GlorotNormal", "glorot_normal"],
    "HeNormal": ["HeNormal", "he_normal"],
    "HeUniform": ["HeUniform", "he_uniform"],
    "LecunNormal": ["LecunNormal", "lecun_normal"],
    "LecunUniform": ["LecunUniform", "lecun_uniform"],
    "Orthogonal": ["Orthogonal", "orthogonal", "OrthogonalInitializer"],
    "Initializer": ["Initializer", "initializer"],
}

# Names older configs carry that Keras 3 no longer accepts: tf.keras 2.x *V2 aliases and TF1 initializer names.
LEGACY_NAMES = {
    "ConstantV2": "Constant", "GlorotNormalV2": "GlorotNormal", "GlorotUniformV2": "GlorotUniform",
    "HeNormalV2": "HeNormal", "HeUniformV2": "HeUniform", "IdentityV2": "Identity", "LecunNormalV2": "LecunNormal",
    "LecunUniformV2": "LecunUniform", "OnesV2": "Ones", "OrthogonalV2": "Orthogonal", "RandomNormalV2": "RandomNormal",
    "RandomUniformV2": "RandomUniform", "TruncatedNormalV2": "TruncatedNormal",
    "VarianceScalingV2": "VarianceScaling", "ZerosV2": "Zeros", "glorot_normalV2": "GlorotNormal",
    "glorot_uniformV2": "GlorotUniform", "he_normalV2": "HeNormal", "he_uniformV2": "HeUniform",
    "lecun_normalV2": "LecunNormal", "lecun_uniformV2": "LecunUniform", "zeros_initializer": "Zeros",
    "ones_initializer": "Ones", "constant_initializer": "Constant", "glorot_uniform_initializer": "GlorotUniform",
    "glorot_normal_initializer": "GlorotNormal", "variance_scaling_initializer": "VarianceScaling",
    "orthogonal_initializer": "Orthogonal", "identity_initializer": "Identity",
}

STFT_WINDOWS = [
    "hann", "hamming", "blackman", "bartlett", "boxcar", "triang", "parzen", "bohman",
    "blackmanharris", "nuttall", "flattop", "barthann", "cosine", "exponential", "tukey",
    "taylor", "lanczos",
    # aliases and suffixes get_window accepts
    "han", "hamm", "box", "rect", "ones", "tri", "triangle", "black", "bkh", "nut", "flat",
    "brt", "bart", "halfcosine", "poisson", "tuk", "taylorwin", "sinc",
    "hann_periodic", "hann_symmetric", "hamming_periodic", "blackman_symmetric",
]


def k3(cls, config=None):
    """A Keras 3 dict as keras.initializers.serialize writes it."""
    return {"module": "keras.initializers", "class_name": cls, "config": config or {},
            "registered_name": None}


def k2(cls, config=None):
    """A Keras 2 dict: class_name and config only."""
    return {"class_name": cls, "config": config or {}}


def default_args(cls):
    """Arguments that make a random class reproducible (a seed) and Constant callable (a value)."""
    if cls in RANDOM_CLASSES:
        return {"seed": 42}
    if cls == "Constant":
        return {"value": 0.5}
    return {}


def seed_cases():
    for cls in RANDOM_CLASSES:
        for seed in SEEDS:
            yield dict(group="seeds", config=k3(cls, {"seed": seed}), shape=[3, 4], dtype="float32")
    # beyond int64: Keras fails when the seed is converted at call time
    yield dict(group="seeds", config=k3("RandomNormal", {"seed": 2**63}), shape=[3], dtype="float32")
    yield dict(group="seeds", config=k3("RandomNormal", {"seed": -(2**63) - 1}), shape=[3], dtype="float32")
    # bad seed types
    for bad in [1.5, "7", [1, 2], True]:
        yield dict(group="seeds", config=k3("GlorotUniform", {"seed": bad}), shape=[3], dtype="float32")
    # SeedGenerator: each call of the same instance advances the counter
    for cls in ["RandomNormal", "RandomUniform", "TruncatedNormal", "HeNormal", "Orthogonal"]:
        for calls in [1, 2, 3]:
            sg = {"module": "keras.random", "class_name": "SeedGenerator",
                  "config": {"seed": 7, "name": "sg"}, "registered_name": None}
            yield dict(group="seed_generator", config=k3(cls, {"seed": sg}), shape=[4, 3],
                       dtype="float32", calls=calls)
    sg_big = {"module": "keras.random", "class_name": "SeedGenerator",
              "config": {"seed": 2**31 + 5, "name": "sg"}, "registered_name": None}
    yield dict(group="seed_generator", config=k3("RandomUniform", {"seed": sg_big}), shape=[5],
               dtype="float64", calls=2)
    # an int-seeded instance repeats itself
    yield dict(group="seeds", config=k3("GlorotUniform", {"seed": 5}), shape=[6, 2], dtype="float32", calls=3)


def shape_dtype_cases():
    for cls in ALL_CLASSES:
        for shape in SHAPES:
            for dtype in FLOATS:
                yield dict(group="shapes", config=k3(cls, default_args(cls)), shape=shape, dtype=dtype)
        for dtype in NON_FLOATS:
            yield dict(group="int_dtypes", config=k3(cls, default_args(cls)), shape=[3, 4], dtype=dtype)


def alias_cases():
    """Every alias as a plain string (unseeded ones under random.seed) and inside both dict formats."""
    for cls, names in ALIASES.items():
        for name in names:
            shape = [3, 1, 5] if cls == "STFT" else [3, 4]
            yield dict(group="alias_string", config=name, shape=shape, dtype="float32", python_seed=1234)
            args = default_args(cls)
            yield dict(group="alias_keras3", config=k3(name, args), shape=shape, dtype="float32")
            yield dict(group="alias_keras2", config=k2(name, args), shape=shape, dtype="float32")
    for name, cls in LEGACY_NAMES.items():
        yield dict(group="legacy_names", config=k2(name, default_args(cls)), shape=[3, 4], dtype="float32",
                   legacy_of=cls)
    for name in ["random_normal_initializer", "truncated_normal_initializer", "random_uniform_initializer"]:
        yield dict(group="legacy_names", config=k2(name, {"seed": 1}), shape=[3, 4], dtype="float32")
    # SeedGenerator dicts: Keras needs the module to locate the class
    yield dict(group="seed_generator", config=k3("RandomNormal", {"seed": {"class_name": "SeedGenerator",
                                                                            "config": {"seed": 7}}}),
               shape=[3], dtype="float32")
    # Keras 2 dict forms: config missing, config null; module ignored unless null
    yield dict(group="dict_forms", config={"class_name": "Zeros"}, shape=[2, 2], dtype="float32")
    yield dict(group="dict_forms", config={"class_name": "Ones", "config": None}, shape=[2, 2], dtype="float32")
    yield dict(group="dict_forms", config={"class_name": "GlorotUniform", "config": None}, shape=[2, 2],
               dtype="float32", python_seed=7)
    yield dict(group="dict_forms", config={"module": "some.bogus.module", "class_name": "HeNormal",
                                           "config": {"seed": 3}}, shape=[2, 2], dtype="float32")
    yield dict(group="dict_forms", config={"module": None, "class_name": "HeNormal", "config": {"seed": 3}},
               shape=[2, 2], dtype="float32")
    yield dict(group="dict_forms", config={"config": {"seed": 3}}, shape=[2, 2], dtype="float32")
    # unknown names, wrong case
    for bad in ["Glorot_Uniform", "GLOROTUNIFORM", "glorotuniform", "he", "", "Dense"]:
        yield dict(group="unknown", config=bad, shape=[2, 2], dtype="float32")
    yield dict(group="unknown", config=k3("NoSuchInitializer"), shape=[2, 2], dtype="float32")
    # TF1-era extra keys
    yield dict(group="unknown", config=k2("GlorotUniform", {"seed": 1, "dtype": "float32"}), shape=[2, 2],
               dtype="float32")


def argument_cases():
    f32 = "float32"
    for dtype in FLOATS:
        for cls in ["RandomNormal", "TruncatedNormal"]:
            for args in [{"mean": 1.5, "stddev": 0.3}, {"mean": -2, "stddev": 3}, {"stddev": 0.0},
                         {"stddev": -1.0}, {"mean": 1 + 2**-11 + 2**-40, "stddev": 2**-20},
                         {"mean": 0.1, "stddev": 0.7}]:
                yield dict(group="args", config=k3(cls, {**args, "seed": 11}), shape=[4, 5], dtype=dtype)
        for args in [{"minval": -1, "maxval": 2}, {"minval": 0.1, "maxval": 0.7}, {"minval": 2.0, "maxval": 1.0},
                     {"minval": 0.3, "maxval": 0.3}, {"minval": -1e-3, "maxval": 1e3}]:
            yield dict(group="args", config=k3("RandomUniform", {**args, "seed": 11}), shape=[4, 5], dtype=dtype)
    for dtype in ["int32", "int64"]:
        for args in [{"minval": -3, "maxval": 5}, {"minval": -3.7, "maxval": 5.9}, {"minval": 0, "maxval": 1},
                     {"minval": -(2**20), "maxval": 2**20}, {"minval": 5, "maxval": 5}]:
            yield dict(group="int_uniform", config=k3("RandomUniform", {**args, "seed": 11}), shape=[4, 5],
                       dtype=dtype)
        for cls in ["GlorotUniform", "HeUniform", "LecunUniform"]:
            yield dict(group="int_uniform", config=k3(cls, {"seed": 3}), shape=[2, 2], dtype=dtype)
        yield dict(group="int_uniform",
                   config=k3("VarianceScaling", {"scale": 300.0, "distribution": "uniform", "seed": 3}),
                   shape=[3, 4], dtype=dtype)
    # VarianceScaling: scale x mode x distribution on a conv kernel and a dense kernel
    for scale in [0.5, 2.0, 3]:
        for mode in ["fan_in", "fan_out", "fan_avg"]:
            for dist in ["truncated_normal", "untruncated_normal", "uniform", "normal", "Uniform",
                         "TRUNCATED_NORMAL"]:
                for shape in [[3, 3, 16, 32], [7, 5]]:
                    yield dict(group="variance_scaling",
                               config=k3("VarianceScaling", {"scale": scale, "mode": mode, "distribution": dist,
                                                             "seed": 5}), shape=shape, dtype=f32)
    for dtype in FLOATS:
        for dist in ["truncated_normal", "untruncated_normal", "uniform"]:
            yield dict(group="variance_scaling",
                       config=k3("VarianceScaling", {"scale": 0.1, "mode": "fan_avg", "distribution": dist,
                                                     "seed": 9}), shape=[3, 3, 16, 32], dtype=dtype)
    # custom fan axes (Keras 3.15, EinsumDense / MultiHeadAttention)
    axes = [([0], [1, 2]), ([0, 1], [2]), ([-3], [-2, -1]), ([1], [0]), ([0], None), (None, [1]), ([], [])]
    for cls in ["VarianceScaling", "GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal",
                "LecunUniform"]:
        for ia, oa in axes:
            yield dict(group="fan_axes", config=k3(cls, {"seed": 21, "input_axes": ia, "output_axes": oa}),
                       shape=[16, 4, 8], dtype=f32)
    # rejected VarianceScaling arguments
    for bad in [{"scale": 0.0}, {"scale": -1.0}, {"scale": "big"}, {"mode": "fan_sum"}, {"mode": "FAN_IN"},
                {"distribution": "gamma"}, {"distribution": None}, {"mode": None}]:
        yield dict(group="rejected", config=k3("VarianceScaling", {**bad, "seed": 1}), shape=[2, 2], dtype=f32)
    # Orthogonal
    for shape in [[3, 5], [5, 3], [4, 4], [2, 3, 4], [4, 3, 2], [6, 2, 2, 3], [1, 1], [1, 5], [5, 1], [0, 3],
                  [3, 0], [64, 128], [128, 64], [3, 3, 8, 16]]:
        for gain in [1.0, 2.0, -0.5, 3]:
            for dtype in ["float32", "float64"]:
                yield dict(group="orthogonal", config=k3("Orthogonal", {"gain": gain, "seed": 13}), shape=shape,
                           dtype=dtype)
    for shape in [[256, 512], [512, 256]]:
        yield dict(group="orthogonal", config=k3("Orthogonal", {"seed": 13}), shape=shape, dtype="float32")
    for shape in [[8, 8], [16, 4], [4, 16], [3, 3, 4, 4], [64, 64]]:
        yield dict(group="orthogonal_f16", config=k3("Orthogonal", {"gain": 1.0, "seed": 13}), shape=shape,
                   dtype="float16")
    # Identity
    for shape in [[3, 5], [5, 3], [4, 4], [0, 3], [1, 1]]:
        for gain in [1.0, 2.0, -0.5, 3, 0.1]:
            for dtype in FLOATS:
                yield dict(group="identity", config=k3("Identity", {"gain": gain}), shape=shape, dtype=dtype)
    for dtype in ["int32", "int64"]:
        for gain in [2, 1.0, -3]:
            yield dict(group="identity", config=k3("Identity", {"gain": gain}), shape=[3, 4], dtype=dtype)
    # Constant
    scalars = [0.5, -2.7, 2.7, 3, 0, -0.0, 2**40, 1e10, 70000.0, 1 / 3, True, False, 1e-40, 2**53 + 1]
    for value in scalars:
        for dtype in FLOATS + ["int32", "int64", "uint8", "bool"]:
            yield dict(group="constant", config=k3("Constant", {"value": value}), shape=[2, 3], dtype=dtype)
    arrays = [
        ([1, 2, 3], [2, 3]), ([[1], [2]], [3]), ([[1.5, 2], [3, 4]], [2, 2]), ([0.25], [2, 2]),
        ([[1, 2, 3]], [4, 3]), ([1, 2], [2, 3]),
    ]
    for value, shape in arrays:
        for dtype in ["float32", "float64", "bfloat16", "int32"]:
            yield dict(group="constant", config=k3("Constant", {"value": value}), shape=shape, dtype=dtype)
    for np_dtype, vals in [("float32", [[0.1, -2.5], [3.0, 1e-3]]), ("float64", [[0.1, -2.5], [3.0, 1e-3]]),
                           ("int64", [[1, -2], [3, 2**40]]), ("int32", [[1, -2], [3, 4]]),
                           ("float16", [[0.1, -2.5], [3.0, 1e-3]])]:
        numpy_value = {"class_name": "__numpy__", "config": {"value": vals, "dtype": np_dtype}}
        for dtype in ["float32", "float64", "float16", "int32"]:
            yield dict(group="constant_numpy", config=k3("Constant", {"value": numpy_value}), shape=[2, 2],
                       dtype=dtype)
    for bad in ["abc", None, {"a": 1}]:
        yield dict(group="rejected", config=k3("Constant", {"value": bad}), shape=[2, 2], dtype=f32)
    # Call-time shape rules
    yield dict(group="rejected", config=k3("Identity"), shape=[2, 2, 2], dtype=f32)
    yield dict(group="rejected", config=k3("Identity"), shape=[4], dtype=f32)
    yield dict(group="rejected", config=k3("Orthogonal", {"seed": 1}), shape=[4], dtype=f32)
    yield dict(group="rejected", config=k3("Orthogonal", {"seed": 1}), shape=[], dtype=f32)
    yield dict(group="rejected", config=k3("Orthogonal", {"seed": 1}), shape=[3, 3], dtype="bfloat16")
    yield dict(group="rejected", config=k3("STFT"), shape=[3, 4], dtype=f32)
    yield dict(group="rejected", config=k3("GlorotUniform", {"seed": 1}), shape=[-1, 3], dtype=f32)
    yield dict(group="rejected", config=k3("Zeros"), shape=[2, -3], dtype=f32)
    # seeds, means, values of the wrong type
    for bad in [{"mean": "zero"}, {"stddev": [1, 2]}, {"mean": None}]:
        yield dict(group="rejected", config=k3("RandomNormal", {**bad, "seed": 1}), shape=[2, 2], dtype=f32)
    for bad in [{"minval": "a"}, {"maxval": None}]:
        yield dict(group="rejected", config=k3("RandomUniform", {**bad, "seed": 1}), shape=[2, 2], dtype=f32)
    yield dict(group="rejected", config=k3("Orthogonal", {"gain": "x", "seed": 1}), shape=[2, 2], dtype=f32)
    yield dict(group="rejected", config=k3("Identity", {"gain": "x"}), shape=[2, 2], dtype=f32)


def stft_cases():
    for window in STFT_WINDOWS:
        for periodic in [False, True]:
            for shape in [[16, 1, 9], [7, 1, 5]]:
                for dtype in ["float64", "float32"]:
                    yield dict(group="stft_windows",
                               config=k3("STFT", {"side": "real", "window": window, "scaling": "density",
                                                  "periodic": periodic}), shape=shape, dtype=dtype)
    for window in ["hann", "hamming", "blackman", "bartlett", "boxcar", None, [0.5, 1.0, 0.25, 2.0]]:
        for side in ["real", "imag"]:
            for scaling in ["density", "spectrum", None]:
                for dtype in FLOATS:
                    yield dict(group="stft",
                               config=k3("STFT", {"side": side, "window": window, "scaling": scaling,
                                                  "periodic": False}), shape=[4, 1, 5], dtype=dtype)
    for shape in [[512, 1, 257], [300, 2, 129], [1, 1, 3], [7, 1, 1], [2, 1, 2]]:
        for dtype in FLOATS:
            yield dict(group="stft_shapes", config=k3("STFT", {"periodic": True}), shape=shape, dtype=dtype)
    for window in ["taylor", "lanczos", "exponential", "tukey", "parzen", "bohman", "barthann", "cosine"]:
        for shape in [[1, 1, 2], [2, 1, 2], [3, 1, 2], [256, 1, 5], [1023, 1, 3]]:
            for dtype in ["float64", "float32"]:
                yield dict(group="stft_windows",
                           config=k3("STFT", {"window": window}), shape=shape, dtype=dtype)
    for dtype in ["int32", "int64"]:
        yield dict(group="stft", config=k3("STFT"), shape=[4, 1, 5], dtype=dtype)
    for bad in [{"side": "both"}, {"window": "nosuchwindow"}, {"window": "kaiser"}, {"window": "gaussian"},
                {"scaling": "l2"}, {"side": None}]:
        yield dict(group="rejected", config=k3("STFT", bad), shape=[4, 1, 5], dtype="float32")
    yield dict(group="rejected", config=k3("STFT", {"window": [1.0, 2.0, 3.0]}), shape=[4, 1, 5], dtype="float32")


def case_id(case):
    """group-<8 hex>: a hash of what the case computes, so adding a case never renames another one's golden."""
    content = {k: case[k] for k in ("config", "shape", "dtype", "calls", "python_seed", "legacy_of") if k in case}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return f"{case['group']}-{digest[:8]}"


def all_cases():
    """Every case once, in matrix order; a case that repeats an earlier one exactly is dropped."""
    cases = {}
    for gen in [seed_cases, shape_dtype_cases, alias_cases, argument_cases, stft_cases]:
        for case in gen():
            case["id"] = case_id(case)
            cases.setdefault(case["id"], case)
    return list(cases.values())
