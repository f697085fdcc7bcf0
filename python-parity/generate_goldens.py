"""Writes the initializer goldens from real Python Keras (TensorFlow backend).

    python python-parity/generate_goldens.py                 # (re)write src/test/resources/parity
    python python-parity/generate_goldens.py --check         # fail if the committed goldens are stale

Output, in the golden directory:
  cases.json     the case list (the input of `keras-init sample --cases`)
  manifest.json  one entry per case: status ok (out_dtype, out_shape, sha256, file, and "machine_dependent"
                 naming its bound when the value depends on the CPU) or error (phase, error_type, message);
                 "serialized", what keras.initializers.serialize writes for the initializer whenever Keras
                 could build it; plus the versions that produced it and the bounds (portability.BOUNDS)
  npy/<id>.npy   the tensor, C order, little endian; bfloat16 as its raw uint16 bits ('<u2'); portable
                 tensors above MAX_STORED_ELEMENTS keep only their sha256, machine-dependent ones are always
                 stored (a bound needs the values)

--check compares portable values byte for byte and machine-dependent ones within their bound (portability.py),
and prints the CPU class it ran on.
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

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
if os.environ.get("PYTHONHASHSEED") != "0":
    # Keras formats Python sets in two error messages; their order depends on the hash seed.
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402
import keras  # noqa: E402
import scipy  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases as case_matrix  # noqa: E402
import portability  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "src", "test", "resources", "parity")
MAX_STORED_ELEMENTS = 1 << 16


def tensor_bytes(array):
    """The bytes we promise to match: C order, little endian, bfloat16 as uint16 bits."""
    if array.dtype.name == "bfloat16":
        array = array.view(np.uint16)
    return np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False), array


def run_case(case):
    entry = {k: case[k] for k in ("id", "group", "config", "shape", "dtype") if k in case}
    for optional in ("calls", "python_seed", "legacy_of"):
        if optional in case:
            entry[optional] = case[optional]
    phase = "config"
    try:
        if "python_seed" in case:
            random.seed(case["python_seed"])
        initializer = keras.initializers.get(copy.deepcopy(case["config"]))
        # what keras.initializers.serialize writes for it, key for key (JSON types: 1 and 1.0 differ)
        entry["serialized"] = json.loads(json.dumps(keras.initializers.serialize(initializer)))
        phase = "call"
        for _ in range(case.get("calls", 1)):
            out = initializer(tuple(case["shape"]), dtype=case["dtype"])
        # EagerTensor.numpy(): keras.ops.convert_to_numpy fails on rank-0 bfloat16
        array = np.asarray(out.numpy() if hasattr(out, "numpy") else out)
    except Exception as e:  # every rejection is a golden too
        entry.update(status="error", phase=phase, error_type=type(e).__name__, message=str(e)[:600])
        return entry, None
    dtype_name = array.dtype.name
    data, _ = tensor_bytes(array)
    entry.update(status="ok", out_dtype=dtype_name, out_shape=list(array.shape),
                 sha256=hashlib.sha256(data.tobytes()).hexdigest())
    bound = portability.bound_of(type(initializer).__name__, case["dtype"])
    if bound:
        entry["machine_dependent"] = bound
    if array.size <= MAX_STORED_ELEMENTS or bound:
        entry["file"] = f"npy/{case['id']}.npy"
    return entry, data


PYTHON_RANDOM_SEEDS = [0, 1, 42, 7, -7, 2**31 - 1, 2**32, 2**40 + 5, 123456789012, 2**64 + 3, 10**30]


def python_random_goldens():
    """What CPython's random stream gives after random.seed(N): Keras' default seeds and raw 32-bit words."""
    out = []
    for seed in PYTHON_RANDOM_SEEDS:
        random.seed(seed)
        default_seeds = [random.randint(1, 10**9) for _ in range(20)]
        random.seed(seed)
        bits = [random.getrandbits(32) for _ in range(8)]
        out.append({"seed": seed, "randint_1_1e9": default_seeds, "getrandbits_32": bits})
    return out


def generate(out_dir):
    os.makedirs(os.path.join(out_dir, "npy"), exist_ok=True)
    cases = case_matrix.all_cases()
    manifest = {
        "versions": {"keras": keras.__version__, "tensorflow": tf.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__},
        "max_stored_elements": MAX_STORED_ELEMENTS,
        "bounds": portability.BOUNDS,
        "cases": [],
    }
    for case in cases:
        entry, data = run_case(case)
        manifest["cases"].append(entry)
        if data is not None and "file" in entry:
            np.save(os.path.join(out_dir, entry["file"]), data, allow_pickle=False)
    from keras.src.initializers import ALL_OBJECTS_DICT
    with open(os.path.join(out_dir, "keras_names.json"), "w") as f:
        json.dump({name: cls.__name__ for name, cls in sorted(ALL_OBJECTS_DICT.items())}, f, indent=1)
        f.write("\n")
    with open(os.path.join(out_dir, "python_random.json"), "w") as f:
        json.dump(python_random_goldens(), f, indent=1)
        f.write("\n")
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1)
        f.write("\n")
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    ok = sum(1 for c in manifest["cases"] if c["status"] == "ok")
    print(f"{len(cases)} cases: {ok} ok, {len(cases) - ok} rejected by Keras -> {os.path.abspath(out_dir)}")
    return manifest


def check(committed_dir):
    """Regenerate into a temporary directory and compare with what is committed: portable values byte for byte,
    machine-dependent ones within their bound."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate(tmp)
        stale = []
        for name in ("cases.json", "python_random.json", "keras_names.json"):
            with open(os.path.join(tmp, name)) as a, open(os.path.join(committed_dir, name)) as b:
                if json.load(a) != json.load(b):
                    stale.append(name)
        with open(os.path.join(committed_dir, "manifest.json")) as f:
            committed = json.load(f)
        if {k: v for k, v in fresh.items() if k != "cases"} != {k: v for k, v in committed.items() if k != "cases"}:
            stale.append("manifest.json (versions, bounds)")
        committed_cases = {c["id"]: c for c in committed["cases"]}
        fresh_files = set(os.listdir(os.path.join(tmp, "npy")))
        committed_files = set(os.listdir(os.path.join(committed_dir, "npy")))
        if fresh_files != committed_files:
            stale.append(f"npy/ file list ({len(fresh_files ^ committed_files)} differ)")
        if [c["id"] for c in fresh["cases"]] != [c["id"] for c in committed["cases"]]:
            stale.append("manifest.json (case list)")
        bit_equal = bounded = portable = 0
        worst = {}
        for entry in fresh["cases"]:
            old = committed_cases.get(entry["id"])
            if old is None:
                continue
            bound = entry.get("machine_dependent")
            if bound is None or old.get("machine_dependent") != bound:
                if entry != old:
                    stale.append(entry["id"])
                    continue
                if "file" in entry and not same_bytes(tmp, committed_dir, entry["file"]):
                    stale.append(entry["file"])
                    continue
                portable += entry["status"] == "ok"
                continue
            if {k: v for k, v in entry.items() if k != "sha256"} != {k: v for k, v in old.items() if k != "sha256"}:
                stale.append(entry["id"])
            elif entry["sha256"] == old["sha256"]:
                bit_equal += 1
            elif not os.path.exists(os.path.join(committed_dir, old.get("file", "-"))):
                stale.append(f"{entry['id']} (no committed values)")
            else:
                verdict = portability.within(bound, entry["dtype"], np.load(os.path.join(committed_dir, old["file"])),
                                             np.load(os.path.join(tmp, entry["file"])))
                if not verdict.ok:
                    stale.append(f"{entry['id']} ({bound}: {verdict.detail})")
                    continue
                bounded += 1
                worst[bound] = max(worst.get(bound, 0.0), verdict.eps)
        print(f"on this CPU ({portability.cpu_class()}):")
        print(f"  {portable} portable values byte-equal; machine-dependent: {bit_equal} bit-equal, {bounded} within"
              f" their bound" + "".join(f"; {b}: largest {e:.3g} eps" for b, e in sorted(worst.items())))
        stale += check_cross_machine(committed_dir, committed_cases)
        if stale:
            print("STALE goldens (re-run python-parity/generate_goldens.py and commit): " + ", ".join(stale[:20]))
            return 1
        print("goldens are up to date")
        return 0


CROSS_MACHINE = os.path.join(HERE, "..", "src", "test", "resources", "cross-machine", "x86-64-v3")


def check_cross_machine(committed_dir, committed_cases):
    """Another CPU's values (x86-64-v3: Python Keras' and keras-init's) pass against the committed goldens under the
    same bound, and the same values with a sign flip or a gain 10 % off do not. Returns what failed."""
    with open(os.path.join(CROSS_MACHINE, "cases.json")) as f:
        cross_cases = json.load(f)
    failures = []
    passed = refused = 0
    for case in cross_cases:
        golden = committed_cases.get(case_matrix.case_id(case))
        if golden is None or "machine_dependent" not in golden:
            failures.append(f"cross-machine {case['id']}: no machine-dependent golden")
            continue
        expected = np.load(os.path.join(committed_dir, golden["file"]))
        for side in ("python-keras", "keras-init"):
            path = os.path.join(CROSS_MACHINE, side, case["id"] + ".npy")
            if not os.path.exists(path):
                continue
            values = np.load(path)
            verdict = portability.within(golden["machine_dependent"], golden["dtype"], expected, values)
            if not verdict.ok:
                failures.append(f"cross-machine {case['id']} {side}: {verdict.detail}")
            passed += verdict.ok
            for perturbed in (-values, values * 1.1):
                if portability.within(golden["machine_dependent"], golden["dtype"], expected, perturbed).ok:
                    failures.append(f"cross-machine {case['id']} {side}: a perturbed value passed the bound")
                refused += 1
    print(f"  x86-64-v3 values against these goldens: {passed} within the bound; {refused} perturbed ones refused:"
          f" {refused - sum('perturbed' in f for f in failures)}")
    return failures


def same_bytes(dir_a, dir_b, name):
    if not os.path.exists(os.path.join(dir_b, name)):
        return False
    with open(os.path.join(dir_a, name), "rb") as a, open(os.path.join(dir_b, name), "rb") as b:
        return a.read() == b.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT, help="golden directory (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="compare a fresh run with --out instead of writing")
    args = parser.parse_args()
    if args.check:
        sys.exit(check(args.out))
    if os.path.isdir(os.path.join(args.out, "npy")):
        shutil.rmtree(os.path.join(args.out, "npy"))
    generate(args.out)


if __name__ == "__main__":
    main()
