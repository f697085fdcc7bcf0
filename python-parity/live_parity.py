"""Live parity: real Python Keras against our CLI, in one run.

1. `keras-init sample --cases` over the whole case matrix; every output is compared with what Keras computes now
   (not with the committed goldens), every Keras rejection must be a rejection of ours. Same machine, so portable
   values and Orthogonal float32/float64 (TF's Qr on both sides) are bit-exact; STFT (Java windows vs numpy) and
   Orthogonal float16 (TF 2.18 vs 2.21) within their bound (portability.py).
3. Whole models: `keras-init materialize models/<name> --seed 42 --out w.npz` for every model file (.json, .keras,
   legacy .h5); the .npz is loaded into the Python model (`w.assign(npz[w.path])`) and must equal the weights Keras
   builds after `keras.utils.set_random_seed(42)`, every weight, every byte.
2. Serialization round trips, both ways, for every case both sides accept: Java serialize -> Python deserialize ->
   Python serialize equals the Java JSON, with equal values; Python serialize -> Java deserialize -> Java serialize
   equals the Python JSON. Printed as a table: classes x {Keras 3 dict, Keras 2 dict, alias string}.
Prints one line per check group and a closing "N passed, N failed" line; exits non-zero on any failure.
"""
import copy
import json
import os
import random
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_goldens as goldens  # noqa: E402
import cases as case_matrix  # noqa: E402
import portability  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
LAUNCHER = os.path.join(ROOT, "target", "keras-init")


PARITY_DIR = os.path.join(ROOT, "src", "test", "resources", "parity")
with open(os.path.join(PARITY_DIR, "deviations.json")) as _f:
    DEVIATIONS = json.load(_f)["deviations"]  # shared with the Java tests (parity/Deviations.java)
with open(os.path.join(PARITY_DIR, "keras_names.json")) as _f:
    KERAS_NAMES = json.load(_f)


def allowed_difference(case, keras_entry, ours_status):
    """A documented deviation (deviations.json): Keras and keras-init knowingly disagree on accepting this case."""
    cfg = case["config"]
    inner = (cfg.get("config") or {}) if isinstance(cfg, dict) else {}
    name = cfg.get("class_name") if isinstance(cfg, dict) else cfg
    facts = {
        "config_is_string": isinstance(cfg, str),
        "class": KERAS_NAMES.get(name, name),
        "keras_error_type": keras_entry.get("error_type"),
        "config_has_list": any(isinstance(v, list) for v in inner.values()),
        "legacy": "legacy_of" in case,
        "dtype_is_float": case["dtype"].startswith(("float", "bfloat")),
    }

    def holds(key, want):
        if key == "class":
            return facts["class"] in want
        if key == "config_has_key":
            return want in inner
        return facts[key] == want

    return any(rule["keras"] == keras_entry["status"] and rule["ours"] == ours_status
               and all(holds(k, v) for k, v in rule["when"].items()) for rule in DEVIATIONS)


def live_match(bound, dtype, keras_value, ours_value):
    """On one machine: portable values and those of a shared kernel (Orthogonal's Qr in float32/float64) bit-exact;
    the others (STFT windows in Java vs numpy, float16 Qr of TF 2.18 vs 2.21) within their bound (portability.py)."""
    if keras_value.shape == ours_value.shape and keras_value.tobytes() == ours_value.tobytes():
        return True
    return bound is not None and portability.BOUNDS[bound]["live"] == "bound" \
        and portability.within(bound, dtype, keras_value, ours_value).ok


def run_cli(cases, tmp, name):
    """keras-init sample --cases over `cases`; returns (manifest by id, output dir)."""
    cases_file = os.path.join(tmp, name + ".json")
    with open(cases_file, "w") as f:
        json.dump(cases, f)
    out_dir = os.path.join(tmp, name)
    subprocess.run([LAUNCHER, "sample", "--cases", cases_file, "--out-dir", out_dir], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(out_dir, "manifest.json")) as f:
        return {e["id"]: e for e in json.load(f)}, out_dir


def check_cli_cases(tmp):
    import numpy as np
    cases = case_matrix.all_cases()
    passed = failed = bounded = 0
    if True:
        ours, out_dir = run_cli(cases, tmp, "matrix")
        for case in cases:
            if "legacy_of" in case:
                # a name Keras 3 forgot: our values must be Keras' values for the class it named
                case = {**case, "config": {**case["config"], "class_name": case["legacy_of"]}}
            keras_entry, data = goldens.run_case(case)
            mine = ours[case["id"]]
            if keras_entry["status"] != mine["status"]:
                if allowed_difference(case, keras_entry, mine["status"]):
                    passed += 1
                    continue
                failed += 1
                print(f"FAIL {case['id']}: Keras {keras_entry['status']} "
                      f"({keras_entry.get('message', '')[:80]}), keras-init {mine['status']} "
                      f"({mine.get('message', '')[:120]})")
                continue
            if mine["status"] == "error":
                passed += 1
                continue
            if mine["sha256"] == keras_entry["sha256"] and mine["shape"] == keras_entry["out_shape"]:
                passed += 1
                continue
            ours_array = np.load(os.path.join(out_dir, case["id"] + ".npy"))
            if live_match(keras_entry.get("machine_dependent"), case["dtype"], data, ours_array):
                passed += 1
                bounded += 1
                continue
            failed += 1
            print(f"FAIL {case['id']}: values differ from Keras: {json.dumps(case['config'])[:120]} "
                  f"{case['shape']} {case['dtype']}")
    print(f"cli sample --cases vs live Keras: {passed} passed ({bounded} machine-dependent within their bound,"
          f" the rest bit-exact or both rejected), {failed} failed")
    return passed, failed, ours


def class_of(config):
    import keras
    return type(keras.initializers.get(copy.deepcopy(config))).__name__


def format_of(config):
    if isinstance(config, str):
        return "alias string"
    return "Keras 3 dict" if "module" in config else "Keras 2 dict"


def identity_gain_dropped(serialized):
    """Keras does not serialize Identity's gain; we do (README: deviations)."""
    return serialized["class_name"] == "Identity" and "gain" in (serialized.get("config") or {})


def check_round_trips(tmp, ours):
    import keras
    import numpy as np
    cases = [c for c in case_matrix.all_cases() if ours[c["id"]]["status"] == "ok"]
    table = {}
    passed = failed = 0

    def record(case, ok, why=""):
        nonlocal passed, failed
        key = (class_of(case["config"]), format_of(case["config"]))
        cell = table.setdefault(key, [0, 0])
        cell[1] += 1
        if ok:
            cell[0] += 1
            passed += 1
        else:
            failed += 1
            print(f"FAIL round trip {case['id']}: {why}")

    # Python -> Java -> Java: Keras' serialization read by keras-init and written again
    python_serialized = {}
    trip_cases = []
    for case in cases:
        try:
            random.seed(case.get("python_seed", 0))
            python_serialized[case["id"]] = json.loads(json.dumps(
                keras.initializers.serialize(keras.initializers.get(copy.deepcopy(case["config"])))))
        except Exception:  # Keras refuses a name we accept (legacy aliases): nothing to trip
            continue
        trip = {**case, "config": python_serialized[case["id"]]}
        if python_serialized[case["id"]]["class_name"] == "Identity":
            trip["dtype"] = "float32"  # Keras dropped the gain: an int gain's config no longer suits an int dtype
        trip_cases.append(trip)
    back, back_dir = run_cli(trip_cases, tmp, "python_to_java")
    originals = {c["id"]: c for c in cases}

    for trip_case in trip_cases:
        cid = trip_case["id"]
        case = originals[cid]
        java_json = ours[cid]["serialized"]
        ok = True
        why = ""
        # Java -> Python -> Python
        try:
            py = json.loads(json.dumps(keras.initializers.serialize(keras.initializers.deserialize(
                copy.deepcopy(java_json)))))
        except Exception as e:
            py, ok, why = None, False, f"Keras cannot read our JSON {java_json}: {e}"
        if ok and py != java_json and not identity_gain_dropped(java_json):
            ok, why = False, f"Java {java_json} -> Python {py}"
        # values after the trip through Keras (seeded ones only: unseeded ones draw again, as in Keras)
        seeded = (java_json.get("config") or {}).get("seed", 0) is not None
        if ok and seeded and case.get("calls", 1) == 1:
            init = keras.initializers.deserialize(copy.deepcopy(java_json))
            out = init(tuple(case["shape"]), dtype=case["dtype"])
            value = np.asarray(out.numpy() if hasattr(out, "numpy") else out)
            ours_value = np.load(os.path.join(tmp, "matrix", cid + ".npy"))
            kv = value.view(np.uint16) if value.dtype.name == "bfloat16" else value
            bound = portability.bound_of(type(init).__name__, case["dtype"])
            if not live_match(bound, case["dtype"], kv, ours_value):
                ok, why = False, "values differ after Java -> Python"
        # Python -> Java -> Java
        if ok:
            mine = back[cid]
            if mine["status"] != "ok":
                ok, why = False, f"keras-init cannot read Keras' JSON: {mine.get('message')}"
            elif mine["serialized"] != python_serialized[cid]:
                ok, why = False, f"Python {python_serialized[cid]} -> Java {mine['serialized']}"
        record(case, ok, why)

    formats = ["Keras 3 dict", "Keras 2 dict", "alias string"]
    print("serialization round trips with live Keras (passed / cases):")
    print(f"  {'class':16s}" + "".join(f"{f:>15s}" for f in formats))
    for cls in sorted({k[0] for k in table}):
        cells = [table.get((cls, f)) for f in formats]
        print(f"  {cls:16s}" + "".join(f"{(f'{c[0]} / {c[1]}' if c else '-'):>15s}" for c in cells))
    print(f"round trips: {passed} passed, {failed} failed")
    return passed, failed


def model_config_json(path):
    """The config Keras builds from a model file (what keras-init reads)."""
    import zipfile
    if path.endswith(".keras"):
        with zipfile.ZipFile(path) as z:
            return z.read("config.json").decode()
    if path.endswith(".h5"):
        import h5py
        with h5py.File(path) as f:
            return f.attrs["model_config"]
    with open(path) as f:
        return f.read()


def machine_bounds(file):
    """The machine-dependent weights of a models/ file, by path, and their bound's name, as its model's golden after
    set_random_seed(42) labels them (STFT kernels: within their bound even live; Orthogonal: bit-exact live)."""
    golden = os.path.join(ROOT, "src", "test", "resources", "models", file.split(".")[0] + ".rs42.weights.json")
    if not os.path.exists(golden):
        return {}
    with open(golden) as f:
        return {w["path"]: w["machine_dependent"] for w in json.load(f)["weights"] if w.get("machine_dependent")}


def check_models(tmp):
    import keras
    import numpy as np
    models_dir = os.path.join(ROOT, "models")
    passed = failed = 0
    for file in sorted(os.listdir(models_dir)):
        if file.startswith("wide_mlp"):
            continue  # the benchmark model: 400 MB, checked on demand (python-parity/export_models.py --big)
        if file.startswith("llm_"):
            continue  # 4 to 52 GB: python-parity/make_transformers.py --check proves their scaled configs
        path = os.path.join(models_dir, file)
        out = os.path.join(tmp, file + ".npz")
        run = subprocess.run([LAUNCHER, "materialize", path, "--seed", "42", "--out", out, "--no-progress",
                              "--format", "json"], capture_output=True, text=True)
        if run.returncode != 0:
            failed += 1
            print(f"FAIL {file}: keras-init exited {run.returncode}: {run.stderr.strip()[-300:]}")
            continue
        npz = np.load(out)
        keras.utils.clear_session(free_memory=True)
        keras.utils.set_random_seed(42)
        if path.endswith(".h5"):  # what keras.models.load_model does with a legacy file, before loading weights
            from keras.src.legacy.saving import json_utils, saving_utils
            reference = saving_utils.model_from_config(json_utils.decode(model_config_json(path)))
        else:
            reference = keras.models.model_from_json(model_config_json(path))
        expected = {w.path: keras.ops.convert_to_numpy(w.value) for w in reference.weights}
        for w in reference.weights:  # load ours into the model, by Keras path
            w.assign(npz[w.path])
        bounds = machine_bounds(file)
        same = sorted(npz.files) == sorted(expected) and all(
            live_match(bounds.get(w.path), w.dtype, expected[w.path], keras.ops.convert_to_numpy(w.value))
            for w in reference.weights)
        if same:
            passed += 1
            exact = sum(keras.ops.convert_to_numpy(w.value).tobytes() == expected[w.path].tobytes()
                        for w in reference.weights)
            print(f"  {file:28s} {len(expected):4d} weights loaded into the Keras model: "
                  + ("all bit-exact" if exact == len(expected) else
                     f"{exact} bit-exact, {len(expected) - exact} within their bound"))
        else:
            failed += 1
            print(f"FAIL {file}: the .npz does not equal Keras' weights after set_random_seed(42)")
    print(f"models: {passed} passed, {failed} failed")
    return passed, failed


def main():
    print(f"CPU: {portability.cpu_class()}")
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        p, f = check_models(tmp)
        passed += p
        failed += f
        p, f, ours = check_cli_cases(tmp)
        passed += p
        failed += f
        p, f = check_round_trips(tmp, ours)
        passed += p
        failed += f
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
