"""Checks the model loader against configs nobody here wrote: ../shared/keras-model-corpus (if present).

For each seeded/<name>.json (the config as found, Keras 2.0.8 to 3.x, every seedable initializer given a seed)
with a seeded/<name>.keras3.json (Keras 3.15.1's own to_json of the same model, after the compatibility fixes Keras
3 needed), keras-init materializes the ORIGINAL file and Python Keras builds the Keras 3 one; every weight must have
the same shape, dtype and bytes, in the same order. Paths are compared too and differences reported: Keras 3 builds
layers from build_config, which Keras 2 files lack, so wrappers' inner paths may carry the wrapper's scope. And
keras-init reads the Keras 3 twin itself: every path and value as Keras builds it.
Both sides run on this machine, so machine-dependent weights are bit-exact too: the corpus's are recurrent kernels
(Orthogonal in float32), and TF-Java and TF Python run the same Qr kernel (portability.py, "live").

Prints one line per model and a closing "N passed, N failed" line. The corpus is not part of this repository (its
files carry other people's licences); without it the check says so and passes nothing.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import keras  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import portability  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LAUNCHER = os.path.join(ROOT, "target", "keras-init")
CORPUS = os.environ.get("KERAS_MODEL_CORPUS", os.path.join(ROOT, "..", "shared", "keras-model-corpus"))


def strip_build_configs(node):
    """The config as a Keras 2 file has it: no build_config (Keras 3 then builds layers when it calls them)."""
    if isinstance(node, dict):
        node.pop("build_config", None)
        for value in node.values():
            strip_build_configs(value)
    elif isinstance(node, list):
        for value in node:
            strip_build_configs(value)
    return node


def keras_weights(keras3_json):
    keras.utils.clear_session(free_memory=True)
    model = keras.models.model_from_json(keras3_json)
    out = []
    for w in model.weights:
        v = keras.ops.convert_to_numpy(w.value)
        out.append((w.path, tuple(v.shape), v.dtype.name, hashlib.sha256(np.ascontiguousarray(v).tobytes()).hexdigest()))
    return out


def ours(config_path, tmp, extra=()):
    out = os.path.join(tmp, "w.npz")
    run = subprocess.run([LAUNCHER, "materialize", config_path, "--format", "json", "--out", out, "--no-progress",
                          *extra], capture_output=True, text=True)
    if run.returncode != 0:
        return None, run.stderr.strip().splitlines()[-1]
    rows = json.loads(run.stdout)["weights"]
    npz = np.load(out)
    return [(r["path"], tuple(r["shape"]), r["dtype"], hashlib.sha256(npz[r["path"]].tobytes()).hexdigest())
            for r in rows], None


def main():
    seeded = os.path.join(CORPUS, "seeded")
    if not os.path.isdir(seeded):
        print(f"corpus check: no corpus at {CORPUS}; nothing checked")
        print("0 passed, 0 failed")
        return
    print(f"CPU: {portability.cpu_class()}")
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for file in sorted(os.listdir(seeded)):
            if not file.endswith(".json") or file.endswith(".keras3.json"):
                continue
            name = file[:-5]
            twin = os.path.join(seeded, name + ".keras3.json")
            mine, error = ours(os.path.join(seeded, file), tmp, extra=("--skip-unsupported",))
            if not os.path.exists(twin):
                status = "loads" if mine is not None else "FAILS: " + error
                print(f"  {name:22s} no Keras 3 twin (Keras refuses it); keras-init {status}"
                      + (f", {len(mine)} weights" if mine else ""))
                if mine is not None:
                    passed += 1
                else:
                    failed += 1
                continue
            with open(twin) as f:
                twin_json = f.read()
            theirs = keras_weights(twin_json)
            with open(os.path.join(seeded, file)) as f:
                original_has_build_config = '"build_config"' in f.read()
            # the paths Keras 3 gives the file as it is: with its build_configs, or (Keras 2 files) without any
            expected_paths = [w[0] for w in theirs] if original_has_build_config else [
                w[0] for w in keras_weights(json.dumps(strip_build_configs(json.loads(twin_json))))]
            if mine is None:
                print(f"  {name:22s} FAIL: {error}")
                failed += 1
                continue
            same_values = len(mine) == len(theirs) and all(a[1:] == b[1:] for a, b in zip(mine, theirs))
            same_paths = [w[0] for w in mine] == expected_paths
            path_diffs = [(a[0], b[0]) for a, b in zip(mine, theirs) if a[0] != b[0]]
            params = sum(int(np.prod(w[1])) for w in theirs)
            # Keras 3's own file of the same model: keras-init must read it as Keras does, paths included
            twin_mine, twin_error = ours(twin, tmp)
            twin_same = twin_mine == theirs
            if same_values and same_paths and twin_same:
                passed += 1
                note = (f"; paths as Keras 3 names them without build_config ({len(path_diffs)} carry a scope the"
                        f" re-saved twin drops, e.g. {path_diffs[0][0]})") if path_diffs else ""
                print(f"  {name:22s} {len(theirs):4d} weights {params:>11,d} parameters: all bit-exact, and the"
                      f" Keras 3 twin read by keras-init too{note}")
            elif same_values and same_paths:
                failed += 1
                detail = twin_error or [(a, b) for a, b in zip(twin_mine, theirs) if a != b][:3] or \
                    f"{len(twin_mine)} vs {len(theirs)} weights"
                print(f"  {name:22s} FAIL: the original is bit-exact, but keras-init reads the Keras 3 twin"
                      f" otherwise: {detail}")
            elif same_values:
                failed += 1
                bad = [(a[0], b) for a, b in zip(mine, expected_paths) if a[0] != b][:3]
                print(f"  {name:22s} FAIL: values bit-exact but paths differ from Keras 3's: {bad}")
            else:
                failed += 1
                bad = [(a, b) for a, b in zip(mine, theirs) if a[1:] != b[1:]][:3]
                print(f"  {name:22s} FAIL: {len(mine)} vs {len(theirs)} weights; first differences: {bad}")
    print(f"corpus check: {passed} passed, {failed} failed")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
