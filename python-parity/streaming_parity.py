"""Streamed materialize against real Python Keras: weights made slice by slice reach Keras' bytes in both formats.

For a few models, `keras-init materialize MODEL --seed 42 --chunk-size 4KiB` (every weight above 4 KiB is made in
slices) writes a .npz and a sharded .safetensors (`--max-shard-size 64KB`, with its index). numpy's `np.load` and
`safetensors.numpy.load_file` (the reference reader, safetensors==0.8.0) read them; every weight must equal, byte
for byte, the weight Keras builds after `keras.utils.set_random_seed(42)`. Prints one line per model and file, and
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


def keras_weights(path):
    import keras
    keras.utils.clear_session(free_memory=True)
    keras.utils.set_random_seed(42)
    with open(path) as f:
        model = keras.models.model_from_json(f.read())
    return {w.path: keras.ops.convert_to_numpy(w.value) for w in model.weights}


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
            for suffix, extra in ((".npz", []), (".safetensors", ["--max-shard-size", "64KB"])):
                out = os.path.join(tmp, name + suffix)
                run = subprocess.run([LAUNCHER, "materialize", path, "--seed", "42", "--chunk-size", "4KiB",
                                      "--out", out, "--no-progress"] + extra, capture_output=True, text=True)
                if run.returncode != 0:
                    failed += 1
                    print(f"FAIL {name} {suffix}: keras-init exited {run.returncode}: {run.stderr.strip()[-300:]}")
                    continue
                ours = dict(np.load(out)) if suffix == ".npz" else read_safetensors(out)
                bad = [k for k in expected if k not in ours or ours[k].dtype != expected[k].dtype
                       or ours[k].shape != expected[k].shape or ours[k].tobytes() != expected[k].tobytes()]
                if sorted(ours) != sorted(expected) or bad:
                    failed += 1
                    print(f"FAIL {name} {suffix}: differs from Keras at {bad[:3]} (keys equal:"
                          f" {sorted(ours) == sorted(expected)})")
                else:
                    passed += 1
                    sliced = sum(1 for v in expected.values() if v.nbytes > 4096)
                    print(f"  {name:28s} {suffix:12s} {len(expected):3d} weights ({sliced} above the 4 KiB chunk):"
                          " all bit-exact with Keras")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
