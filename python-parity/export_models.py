"""Exports real Keras model configs to models/ and their initial-weight goldens to src/test/resources/models/.

    python python-parity/export_models.py            # write models/ and the goldens
    python python-parity/export_models.py --check    # fail if what is committed is stale
    python python-parity/export_models.py --big      # also the ~100M-parameter wide MLP's goldens (slow)

For every model:
  models/<name>.json                       model.to_json() of the model as built (initializer seeds null)
  models/mlp.keras, models/mlp_legacy.h5   the MLP as a .keras archive and as a legacy .h5 file
  src/test/resources/models/<name>.seeded.json    the same config, every seedable initializer given the int seed
                                           1000 + its index in document order
  src/test/resources/models/<name>.weights.json   Keras' model.weights of model_from_json(seeded): path, shape,
                                           dtype, sha256 of the bytes (C order, little endian), mean, std; for a
                                           weight whose initializer is machine-dependent (portability.py:
                                           Orthogonal recurrent kernels, STFT) also "machine_dependent" (its bound)
                                           and "file", its values under src/test/resources/models/values/
  src/test/resources/models/<name>.rs<N>.weights.json   the same after keras.utils.set_random_seed(N) and
                                           model_from_json(models/<name>.json), for N in SET_RANDOM_SEEDS

--check compares portable weights byte for byte (mean and std, numpy's sums, to 1e-9) and machine-dependent ones
within their bound, and prints the CPU class it ran on.
"""
import argparse
import copy
import hashlib
import json
import os
import shutil
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portability  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, ".."))
MODELS_DIR = os.path.join(ROOT, "models")
GOLDEN_DIR = os.path.join(ROOT, "src", "test", "resources", "models")
VALUES = "values"  # under GOLDEN_DIR: the values of machine-dependent weights
SET_RANDOM_SEEDS = [0, 42]
BIG = {"wide_mlp"}
RANDOM_CLASSES = {
    "RandomNormal", "TruncatedNormal", "RandomUniform", "VarianceScaling", "GlorotNormal", "GlorotUniform",
    "HeNormal", "HeUniform", "LecunNormal", "LecunUniform", "Orthogonal",
}


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


def nested_shared():
    """A Sequential and a Functional inside a Functional; one Dense layer called twice."""
    encoder = keras.Sequential([keras.Input((10,)), layers.Dense(8, activation="relu"),
                                layers.BatchNormalization()], name="encoder")
    inner_in = keras.Input((8,))
    inner_out = layers.Dense(6, name="inner_dense")(layers.LayerNormalization()(inner_in))
    head = keras.Model(inner_in, inner_out, name="head")
    left = keras.Input((10,), name="left")
    right = keras.Input((10,), name="right")
    shared = layers.Dense(10, name="shared")
    merged = layers.Concatenate()([head(encoder(shared(left))), head(encoder(shared(right)))])
    return keras.Model([left, right], layers.Dense(1)(merged), name="nested_shared")


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


def efficientnet_b0():
    return keras.applications.EfficientNetB0(weights=None)


MODELS = {
    "mlp": mlp, "cnn_bn": cnn_bn, "text_bilstm_gru": text_bilstm_gru, "transformer_block": transformer_block,
    "layer_zoo": layer_zoo, "nested_shared": nested_shared, "wide_mlp": wide_mlp, "resnet50": resnet50,
    "mobilenet_v2": mobilenet_v2, "efficientnet_b0": efficientnet_b0,
}


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
        return initialize(self, initializer)

    variable_class._initialize_with_initializer = recording


record_initializers()


def weight_goldens(model, golden_dir, prefix):
    out = []
    for index, w in enumerate(model.weights):
        value = keras.ops.convert_to_numpy(w.value)
        data = value.view(np.uint16) if value.dtype.name == "bfloat16" else value
        data = np.ascontiguousarray(data).astype(data.dtype.newbyteorder("<"), copy=False)
        as_float = value.astype(np.float64)
        entry = {
            "path": w.path, "shape": list(value.shape), "dtype": value.dtype.name,
            "sha256": hashlib.sha256(data.tobytes()).hexdigest(),
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
        with open(os.path.join(models_dir, name + ".json"), "w") as f:
            f.write(json.dumps(json.loads(config_json), indent=1) + "\n")
        if name == "mlp":
            model.save(os.path.join(models_dir, "mlp.keras"))
            model.save(os.path.join(models_dir, "mlp_legacy.h5"))
        del model
        seeded, count = seed_initializers(json.loads(config_json))
        write_json(os.path.join(golden_dir, name + ".seeded.json"), seeded)
        keras.utils.clear_session(free_memory=True)
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


def check(names):
    """Exports into a temporary directory and compares with what is committed: configs and portable weights exactly
    (mean and std to 1e-9: numpy's sums), machine-dependent weights within their bound."""
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
        print(f"on this CPU ({portability.cpu_class()}):")
        print(f"  {counts['portable']} portable weights byte-equal; machine-dependent: {counts['bit-equal']} bit-equal,"
              f" {counts['bounded']} within their bound" + "".join(f"; {b}: largest {e:.3g} eps"
                                                                   for b, e in sorted(worst.items())))
        if stale:
            print("STALE model goldens (re-run python-parity/export_models.py and commit): " + ", ".join(stale[:20]))
            return 1
        print(f"model goldens are up to date ({len(names)} models)")
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
    parser.add_argument("--only", nargs="*", help="export only these models")
    args = parser.parse_args()
    names = args.only or [n for n in MODELS if args.big or n not in BIG]
    if args.check:
        sys.exit(check(names))
    export(MODELS_DIR, GOLDEN_DIR, names)
    if not args.big and not args.only:
        # the big model's config is committed (the benchmark reads it); its goldens are made on demand
        keras.utils.clear_session(free_memory=True)
        with open(os.path.join(MODELS_DIR, "wide_mlp.json"), "w") as f:
            f.write(json.dumps(json.loads(wide_mlp().to_json()), indent=1) + "\n")


if __name__ == "__main__":
    main()
