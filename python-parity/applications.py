"""keras.applications: every constructor, weights=None, default input shape, against keras-init.

    python python-parity/applications.py                 # write the configs and goldens
    python python-parity/applications.py --check         # fail if what is committed is not what Keras makes now
    python python-parity/applications.py --check --live  # also keras-init materialize --seed N against Keras, live
    python python-parity/applications.py --only VGG16 ResNet50 ...

The constructors are listed from keras.applications itself (every public function whose name starts with a
capital: 40 in Keras 3.15.1), never typed. Per constructor, under src/test/resources/applications/:
  index.json                    the constructors, in order, and the Keras version (ApplicationsParityTest's list)
  <Name>.json.gz                model.to_json() of keras.applications.<Name>(weights=None) (seeds null)
  <Name>.seeded.json.gz         the same config, every seedable initializer given the int seed 1000 + its index in
                                document order (export_models.seed_initializers)
  <Name>.weights.json.gz        Keras' model.weights: path, shape, dtype, and the sha256 of its bytes (C order,
                                little endian) for each way of seeding: "seeded" (model_from_json(seeded) after
                                random.seed(7)) and "rs<N>" (keras.utils.set_random_seed(N), model_from_json(config))
                                for N in export_models.SET_RANDOM_SEEDS
Gzipped: the 40 configs are 23.6 MB of indented JSON and about 0.4 MB gzipped; a golden is its sha256s.

--check builds everything again in one process (freeing each model before the next) and compares the parsed
configs and every golden exactly (applications have only portable weights: a machine-dependent one is refused
here). --live also runs `target/keras-init materialize <config> --seed N --format json` for N = LIVE_SEED on the
config Keras just wrote and compares its sha256 per weight with the weights Keras just built.
"""
import argparse
import gzip
import inspect
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_models  # noqa: E402  (also makes every variable remember its initializer's class)
import portability  # noqa: E402

import keras  # noqa: E402

ROOT = export_models.ROOT
GOLDEN_DIR = os.path.join(ROOT, "src", "test", "resources", "applications")
INDEX = os.path.join(GOLDEN_DIR, "index.json")
LAUNCHER = os.path.join(ROOT, "target", "keras-init")
LIVE_SEED = 42


def constructors():
    """Every model constructor keras.applications exports, by name."""
    return sorted(n for n in dir(keras.applications)
                  if n[:1].isupper() and inspect.isfunction(getattr(keras.applications, n)))


def weight_rows(model):
    """path, shape, dtype and sha256 of every weight, in model.weights order; portable weights only."""
    rows = []
    for w in model.weights:
        bound = portability.bound_of(getattr(w, "_parity_initializer", None), w.dtype)
        if bound:  # none in Keras 3.15.1's applications; the goldens here hold no values to bound them with
            raise SystemExit(f"{w.path}: a machine-dependent weight ({bound}); applications.py compares sha256 only")
        value = keras.ops.convert_to_numpy(w.value)
        rows.append({"path": w.path, "shape": list(value.shape), "dtype": value.dtype.name,
                     "sha256": export_models.weight_sha256(value)})
    return rows


def build_and_hash(config_json):
    keras.utils.clear_session(free_memory=True)
    built = keras.models.model_from_json(config_json)
    rows = weight_rows(built)
    del built
    keras.utils.clear_session(free_memory=True)
    return rows


def make(name):
    """(config, seeded config, golden) for one constructor, as Keras makes them now."""
    keras.utils.clear_session(free_memory=True)
    model = getattr(keras.applications, name)(weights=None)
    config = json.loads(model.to_json())
    del model
    seeded, count = export_models.seed_initializers(config)
    random.seed(export_models.SEEDED_PYTHON_SEED)
    ways = {"seeded": build_and_hash(json.dumps(seeded))}
    for n in export_models.SET_RANDOM_SEEDS:
        keras.utils.set_random_seed(n)
        ways[f"rs{n}"] = build_and_hash(json.dumps(config))
    first = ways["seeded"]
    for way, rows in ways.items():  # one weight list, however the model was seeded
        if [(r["path"], r["shape"], r["dtype"]) for r in rows] != [(r["path"], r["shape"], r["dtype"]) for r in first]:
            raise SystemExit(f"{name}: model.weights differ between seeded and {way}")
    weights = [{"path": r["path"], "shape": r["shape"], "dtype": r["dtype"],
                "sha256": {way: rows[i]["sha256"] for way, rows in ways.items()}} for i, r in enumerate(first)]
    golden = {"model": name, "constructor": f"keras.applications.{name}(weights=None)", "seeded_initializers": count,
              "set_random_seeds": export_models.SET_RANDOM_SEEDS, "weights": weights}
    return config, seeded, golden


def files(name):
    return {"config": f"{name}.json.gz", "seeded": f"{name}.seeded.json.gz", "golden": f"{name}.weights.json.gz"}


def dumps(obj):
    return (json.dumps(obj, indent=1) + "\n").encode()


def write_gz(path, obj):
    with open(path, "wb") as f:
        f.write(gzip.compress(dumps(obj), compresslevel=9, mtime=0))


def read_gz(path):
    with gzip.open(path) as f:
        return json.load(f)


def live(name, config, golden, tmp):
    """keras-init materialize --seed LIVE_SEED on the config Keras wrote: None when every weight is Keras' own."""
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump(config, f)
    run = subprocess.run([LAUNCHER, "materialize", path, "--seed", str(LIVE_SEED), "--format", "json",
                          "--no-progress"], capture_output=True, text=True)
    os.remove(path)
    if run.returncode != 0:
        return f"keras-init exited {run.returncode}: {run.stderr.strip()[-300:]}"
    ours = json.loads(run.stdout)["weights"]
    theirs = golden["weights"]
    if [(w["path"], w["shape"], w["dtype"]) for w in ours] != [(w["path"], w["shape"], w["dtype"]) for w in theirs]:
        return "the weight list (path, shape, dtype) differs from model.weights"
    differ = [w["path"] for w, k in zip(ours, theirs) if w["sha256"] != k["sha256"][f"rs{LIVE_SEED}"]]
    return f"{len(differ)} weights differ, first {differ[0]}" if differ else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with what is committed; write nothing")
    parser.add_argument("--live", action="store_true", help="also compare target/keras-init with Keras, live")
    parser.add_argument("--only", nargs="*", help="these constructors only")
    args = parser.parse_args()
    every = constructors()
    names = args.only or every
    unknown = [n for n in names if n not in every]
    if unknown:
        parser.error(f"unknown constructor {unknown[0]!r}; keras.applications has: {', '.join(every)}")
    if args.live and not os.path.exists(LAUNCHER):
        parser.error(f"{LAUNCHER} is missing: run mvn -q package -DskipTests first")
    index = {"keras_version": keras.__version__, "constructors": every}
    problems = []
    if args.check and not args.only:
        if not os.path.exists(INDEX) or read_json(INDEX) != index:
            problems.append(os.path.relpath(INDEX, ROOT) + ": not keras.applications' constructors")
    elif not args.check:
        os.makedirs(GOLDEN_DIR, exist_ok=True)
        if not args.only:
            with open(INDEX, "wb") as f:
                f.write(dumps(index))
    start = time.time()
    weights = parameters = exact = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            t0 = time.time()
            config, seeded, golden = make(name)
            fresh = {"config": config, "seeded": seeded, "golden": golden}
            for kind, file in files(name).items():
                path = os.path.join(GOLDEN_DIR, file)
                if not args.check:
                    write_gz(path, fresh[kind])
                elif not os.path.exists(path):
                    problems.append(file + " (missing)")
                elif read_gz(path) != json.loads(dumps(fresh[kind])):
                    problems.append(file)
            weights += len(golden["weights"])
            parameters += parameters_of(golden)
            verdict = ""
            if args.live:
                problem = live(name, config, golden, tmp)
                if problem:
                    problems.append(f"{name} live: {problem}")
                    verdict = "  live: FAIL"
                else:
                    exact += len(golden["weights"])
                    verdict = f"  live --seed {LIVE_SEED}: bit-exact"
            print(f"  {name:18s} {len(golden['weights']):5d} weights {parameters_of(golden):12,d} parameters"
                  f"{verdict}  ({time.time() - t0:.0f} s)", flush=True)
    print(f"{len(names)} constructors, {weights:,d} weights, {parameters:,d} parameters in {time.time() - start:.0f} s"
          + (f"; live: {exact:,d} weights bit-exact" if args.live else ""))
    if problems:
        print(("STALE (re-run python-parity/applications.py and commit) or FAILED: " if args.check else "FAILED: ")
              + ", ".join(problems[:20]))
        sys.exit(1)
    if args.check:
        print("applications: configs and goldens are what Keras makes now")


def parameters_of(golden):
    return sum(math.prod(w["shape"]) for w in golden["weights"])


def read_json(path):
    with open(path) as f:
        return json.load(f)


if __name__ == "__main__":
    main()
