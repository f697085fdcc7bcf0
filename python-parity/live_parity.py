"""Live parity: real Python Keras against our CLI, in one run.

1. `keras-init sample --cases` over the whole case matrix; every output is compared with what Keras computes now
   (not with the committed goldens), every Keras rejection must be a rejection of ours. Same machine, so portable
   values and Orthogonal float32/float64 (TF's Qr on both sides) are bit-exact; STFT (Java windows vs numpy) and
   Orthogonal float16 (TF 2.18 vs 2.21) within their bound (portability.py).
3. Whole models: `keras-init materialize models/<name> --seed 42 --out w.weights.h5` (and for some `w.h5`, the
   legacy layout) for every model file (.json, .keras, legacy .h5); `model.load_weights` of each into the Python model must
   give the weights Keras builds after `keras.utils.set_random_seed(42)`, every weight, every byte; and
   `keras-init compare` must find the files Keras itself writes for that model equal to ours. Every corpus config
   Keras 3 loads (../shared/keras-model-corpus): our .weights.h5 of the original file loads bit-exact into the model
   Keras builds from its Keras 3 twin. (The .npz output is checked live by corpus_check.py.)
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
from weights_files import model_config_json, model_files  # noqa: E402
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


def machine_bounds(file):
    """The machine-dependent weights of a models/ file, by path, and their bound's name, as its model's golden after
    set_random_seed(42) labels them (STFT kernels: within their bound even live; Orthogonal: bit-exact live)."""
    golden = os.path.join(ROOT, "src", "test", "resources", "models", file.split(".")[0] + ".rs42.weights.json")
    if not os.path.exists(golden):
        return {}
    with open(golden) as f:
        return {w["path"]: w["machine_dependent"] for w in json.load(f)["weights"] if w.get("machine_dependent")}


def run_materialize(path, out, extra=()):
    """keras-init materialize PATH --out OUT; (ok, stderr tail)."""
    run = subprocess.run([LAUNCHER, "materialize", path, "--out", out, "--no-progress", "--format", "json", *extra],
                         capture_output=True, text=True)
    return run.returncode == 0, run.stderr.strip()[-300:]


def loads_bit_exact(model, expected, file, bounds=None):
    """model.load_weights(file), then every weight must equal `expected` (Keras' own values), byte for byte; a
    machine-dependent one (`bounds`: path -> bound name, machine_bounds) within its bound."""
    import keras
    model.load_weights(file)
    bounds = bounds or {}
    return all(live_match(bounds.get(w.path), w.dtype, expected[i], keras.ops.convert_to_numpy(w.value))
               for i, w in enumerate(model.weights))


def compare_cli(a, b):
    """keras-init compare A B: exit 0 means the same weights, bit for bit."""
    return subprocess.run([LAUNCHER, "compare", a, b], capture_output=True, text=True).returncode == 0


# The models whose legacy .h5 is loaded live too (each costs a CLI run): the one from a legacy file and those with
# nested models, shared layers, wrappers, RNN cells and attention sublayers. Every model's legacy layout is checked
# against Keras' by the JUnit tests (WeightsFileLayoutTest, WeightsFileWriteTest).
LEGACY_LIVE = {"mlp_legacy.h5", "nested_shared.json", "text_bilstm_gru.json", "spectral_gqa.json",
               "attention_conv_lstm.json"}
# The models whose Keras-written .weights.h5 keras-init compare reads (a JVM start each): the same, and two large
# applications. Every model's Keras layout is checked by the JUnit tests against Keras' files' structure.
REVERSE_LIVE = LEGACY_LIVE | {"resnet50.json", "efficientnet_b0.json"}


def check_models(tmp):
    """Every model in models/: keras-init's Keras 3 .weights.h5 (and, for LEGACY_LIVE, legacy .h5), loaded by
    model.load_weights into the model Keras builds from the same file, must give Keras' own set_random_seed(42)
    weights bit for bit; and for REVERSE_LIVE the .weights.h5 Keras writes must be, for keras-init compare, ours."""
    import keras
    import numpy as np
    from keras.src.legacy.saving import legacy_h5_format
    import h5py
    passed = failed = 0
    for path in model_files():
        file = os.path.basename(path)
        reference = goldens_model(path)
        expected = [np.array(keras.ops.convert_to_numpy(w.value)) for w in reference.weights]
        ours3 = os.path.join(tmp, file + ".weights.h5")
        ours2 = os.path.join(tmp, file + ".h5")
        theirs3 = os.path.join(tmp, file + ".keras.weights.h5")
        theirs2 = os.path.join(tmp, file + ".keras.h5")
        reference.save_weights(theirs3)
        with h5py.File(theirs2, "w") as f:
            legacy_h5_format.save_weights_to_hdf5_group(f, reference)
        problems = []
        bounds = machine_bounds(file)
        formats = [(ours3, theirs3, ".weights.h5")]
        if file in LEGACY_LIVE:
            formats.append((ours2, theirs2, "legacy .h5"))
        for ours, theirs, name in formats:
            ok, err = run_materialize(path, ours, ("--seed", "42"))
            if not ok:
                problems.append(f"keras-init could not write the {name}: {err}")
                continue
            model = goldens_model(path, seed=7)  # other values, so loading must replace every one
            if not loads_bit_exact(model, expected, ours, bounds):
                problems.append(f"our {name} loaded into Keras differs from Keras' set_random_seed(42) weights")
            if name == ".weights.h5" and file in REVERSE_LIVE and not compare_cli(theirs, ours):
                problems.append(f"keras-init compare: the {name} Keras writes differs from ours")
        if problems:
            failed += 1
            print(f"FAIL {file}: " + "; ".join(problems))
        else:
            passed += 1
            print(f"  {file:28s} {len(expected):4d} weights: our " + " and ".join(f[2] for f in formats)
                  + " load bit-exact" + ("; keras-init compare finds Keras' .weights.h5 equal to ours"
                                         if file in REVERSE_LIVE else ""))
    print(f"models: {passed} passed, {failed} failed")
    return passed, failed


def check_bfloat16_weights_file(tmp):
    """A bfloat16 model's .weights.h5 (the layer table's Dense(dtype=bfloat16) row): Keras reads bfloat16 only from
    an opaque dataset whose "dtype" attribute is the str "bfloat16", so this checks the attribute's type too."""
    import keras
    import numpy as np
    with open(os.path.join(ROOT, "src", "test", "resources", "layers", "layer_weights.json")) as f:
        row = next(r for r in json.load(f)["rows"] if r["row"] == "Dense(dtype=bfloat16)")
    config = os.path.join(tmp, "bfloat16.json")
    with open(config, "w") as f:
        json.dump(row["config"], f)
    keras.utils.clear_session(free_memory=True)
    keras.utils.set_random_seed(42)
    reference = keras.models.model_from_json(json.dumps(row["config"]))
    expected = [np.array(keras.ops.convert_to_numpy(w.value)) for w in reference.weights]
    keras.utils.set_random_seed(7)
    model = keras.models.model_from_json(json.dumps(row["config"]))
    ours = os.path.join(tmp, "bfloat16.weights.h5")
    ok, err = run_materialize(config, ours, ("--seed", "42"))
    if ok and loads_bit_exact(model, expected, ours):
        print("  bfloat16 Dense: our .weights.h5 loads bit-exact")
        return 1, 0
    print("FAIL bfloat16 Dense: " + (err if not ok else "our .weights.h5 loaded into Keras differs"))
    return 0, 1


def goldens_model(path, seed=42):
    """The model Keras builds from a models/ file after set_random_seed(seed), as keras.models.load_model would."""
    import keras
    keras.utils.clear_session(free_memory=True)
    keras.utils.set_random_seed(seed)
    if path.endswith(".h5"):  # what keras.models.load_model does with a legacy file, before loading weights
        from keras.src.legacy.saving import json_utils, saving_utils
        return saving_utils.model_from_config(json_utils.decode(model_config_json(path)))
    return keras.models.model_from_json(model_config_json(path))


def check_corpus_weights_files(tmp):
    """Every corpus config Keras 3 loads (seeded/<name>.json with its Keras 3 twin, as corpus_check.py): keras-init
    writes the ORIGINAL file's .weights.h5; Keras builds the twin and load_weights must give the twin's own weights
    bit for bit (the configs' initializers are seeded, so no set_random_seed is needed)."""
    import keras
    import numpy as np
    corpus = os.environ.get("KERAS_MODEL_CORPUS", os.path.join(ROOT, "..", "shared", "keras-model-corpus"))
    seeded = os.path.join(corpus, "seeded")
    if not os.path.isdir(seeded):
        print(f"corpus weights files: no corpus at {corpus}; nothing checked")
        return 0, 0
    passed = failed = 0
    for file in sorted(os.listdir(seeded)):
        twin = os.path.join(seeded, file[:-5] + ".keras3.json")
        if not file.endswith(".json") or file.endswith(".keras3.json") or not os.path.exists(twin):
            continue
        with open(twin) as f:
            twin_json = f.read()
        keras.utils.clear_session(free_memory=True)
        reference = keras.models.model_from_json(twin_json)
        expected = [np.array(keras.ops.convert_to_numpy(w.value)) for w in reference.weights]
        for w in reference.weights:  # other values, so loading must replace every one
            w.assign(np.zeros(w.shape, dtype=w.dtype))
        ours = os.path.join(tmp, file + ".weights.h5")
        ok, err = run_materialize(os.path.join(seeded, file), ours, ("--skip-unsupported",))
        if ok and loads_bit_exact(reference, expected, ours):
            passed += 1
            print(f"  corpus {file[:-5]:22s} {len(expected):4d} weights: our .weights.h5 loads bit-exact")
        else:
            failed += 1
            print(f"FAIL corpus {file[:-5]}: " + (err if not ok else "our .weights.h5 loaded into Keras differs"))
    print(f"corpus weights files: {passed} passed, {failed} failed")
    return passed, failed


def main():
    """--weights-files: only the model and corpus weights-file checks (3 above)."""
    print(f"CPU: {portability.cpu_class()}")
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        p, f = check_models(tmp)
        passed += p
        failed += f
        p, f = check_corpus_weights_files(tmp)
        passed += p
        failed += f
        p, f = check_bfloat16_weights_file(tmp)
        passed += p
        failed += f
        if "--weights-files" in sys.argv[1:]:
            print(f"{passed} passed, {failed} failed")
            sys.exit(1 if failed else 0)
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
