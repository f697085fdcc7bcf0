"""Streamed materialize against real Python Keras: weights made slice by slice reach Keras' bytes in both formats.

For a few models, `keras-init materialize MODEL --seed 42 --chunk-size 4KiB` (every weight above 4 KiB is made in
slices) writes a .npz, a sharded .safetensors (`--max-shard-size 64KB`, with its index) and Keras' own sharded
weights (`X.weights.json`, shards of 64 KB or the largest weight, which Keras needs to fit). numpy's `np.load`, `safetensors.numpy.load_file` (the reference
reader, safetensors==0.8.0) and Keras' `model.load_weights("X.weights.json")` read them; every weight must equal, byte
for byte, the weight Keras builds after `keras.utils.set_random_seed(42)`. For the Keras shards, the index must also
be byte for byte the one Keras writes with `save_weights("X.weights.json", max_shard_size=...)` of the same size. Prints one line per model and file, and
"N passed, N failed"; exits non-zero on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LAUNCHER = os.path.join(ROOT, "target", "keras-init")
MODELS = ["cnn_bn.json", "transformer_block.json", "text_bilstm_gru.json", "mlp.json"]


def keras_model(path, seed):
    import keras
    keras.utils.clear_session(free_memory=True)
    keras.utils.set_random_seed(seed)
    with open(path) as f:
        return keras.models.model_from_json(f.read())


def keras_weights(path):
    import keras
    return {w.path: keras.ops.convert_to_numpy(w.value) for w in keras_model(path, 42).weights}


def keras_shard_bytes(expected):
    """64 KB, or the largest weight: Keras refuses to save a weight larger than its shards."""
    return max(64000, max(v.nbytes for v in expected.values()))


def read_keras_shards(path, out, shard_bytes):
    """The weights load_weights puts into the model from keras-init's shards, and whether the index is Keras' own."""
    import keras
    reference = os.path.join(os.path.dirname(out), "keras", os.path.basename(out))
    os.makedirs(os.path.dirname(reference), exist_ok=True)
    keras_model(path, 42).save_weights(reference, max_shard_size=shard_bytes / 1024**3)
    model = keras_model(path, 7)  # other values, which load_weights must replace
    model.load_weights(out)
    with open(reference, "rb") as a, open(out, "rb") as b:
        same_index = a.read() == b.read()
    return {w.path: keras.ops.convert_to_numpy(w.value) for w in model.weights}, same_index


def read_safetensors(out):
    from safetensors.numpy import load_file
    index = out + ".index.json"
    if not os.path.exists(index):
        return load_file(out)
    with open(index) as f:
        weight_map = json.load(f)["weight_map"]
    tensors = {}
    for shard in sorted(set(weight_map.values())):
        part = load_file(os.path.join(os.path.dirname(out), shard))
        assert all(weight_map[k] == shard for k in part), shard
        tensors.update(part)
    return tensors


def main():
    import numpy as np
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in MODELS:
            path = os.path.join(ROOT, "models", name)
            expected = keras_weights(path)
            shard_bytes = keras_shard_bytes(expected)
            for suffix, extra in ((".npz", []), (".safetensors", ["--max-shard-size", "64KB"]),
                                  (".weights.json", ["--max-shard-size", str(shard_bytes)])):
                out = os.path.join(tmp, name + suffix)
                run = subprocess.run([LAUNCHER, "materialize", path, "--seed", "42", "--chunk-size", "4KiB",
                                      "--out", out, "--no-progress"] + extra, capture_output=True, text=True)
                if run.returncode != 0:
                    failed += 1
                    print(f"FAIL {name} {suffix}: keras-init exited {run.returncode}: {run.stderr.strip()[-300:]}")
                    continue
                same_index = True
                if suffix == ".weights.json":
                    ours, same_index = read_keras_shards(path, out, shard_bytes)
                else:
                    ours = dict(np.load(out)) if suffix == ".npz" else read_safetensors(out)
                bad = [k for k in expected if k not in ours or ours[k].dtype != expected[k].dtype
                       or ours[k].shape != expected[k].shape or ours[k].tobytes() != expected[k].tobytes()]
                if not same_index:
                    bad.append("the index differs from the one Keras writes")
                if sorted(ours) != sorted(expected) or bad:
                    failed += 1
                    print(f"FAIL {name} {suffix}: differs from Keras at {bad[:3]} (keys equal:"
                          f" {sorted(ours) == sorted(expected)})")
                else:
                    passed += 1
                    sliced = sum(1 for v in expected.values() if v.nbytes > 4096)
                    print(f"  {name:28s} {suffix:13s} {len(expected):3d} weights ({sliced} above the 4 KiB chunk):"
                          " all bit-exact with Keras")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
