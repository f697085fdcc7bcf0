"""One table: keras-init against Python Keras 3.15.1 and the floor, on this machine, in one run.

    python python-parity/bench.py            # everything (about 15 minutes on 2 cores)
    python python-parity/bench.py --quick    # float32 at 2^24, Identity, Orthogonal 1024^2, ResNet50

Columns: "ours" is keras-init (JMH, `keras-init bench`: a fresh eager session per shot, the initializer call to a
tensor in memory; for models, config file to every weight in memory); "python" is Python Keras (`init(shape,
dtype)` to an EagerTensor; for models, `model_from_json`); "floor" is the raw TF stateless op plus Keras'
scale/shift ops in TF-Java with nothing else (for models: the sum of the weights' floors). All medians of 5 shots
after 2 warm-ups. Peak resident memory of materializing each model is measured in a fresh process for both.
Writes the table to python-parity/bench-latest.md.

    python python-parity/bench.py --process  # whole processes: ~5 minutes on 2 cores

times the main job as a user runs it, from process start to exit, and writes python-parity/bench-process-latest.md:
the bare TF-Java floor (JVM, TensorFlow, one eager op), `keras-init materialize MODEL` table-only and with `--out`,
and Python (import keras + model_from_json + each weight's mean and std), for the models of `bench --process`.
Each round runs `keras-init bench --process --iterations 1` (floor and ours, interleaved) and then the Python
processes, so a busy machine slows all of them alike; medians over the rounds of wall time and of peak RSS (GNU time).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, ".."))
LAUNCHER = os.path.join(ROOT, "target", "keras-init")
WARMUP, SHOTS = 2, 5


def median_time(fn):
    for _ in range(WARMUP):
        fn()
    times = []
    for _ in range(SHOTS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def python_cases(cases):
    import keras
    out = {}
    for c in cases:
        init = keras.initializers.get(json.loads(c["config"]))
        shape = tuple(c["shape"])
        out[c["id"]] = median_time(lambda: init(shape, dtype=c["dtype"]))
        print(f"  python {c['id']}: {out[c['id']]:.1f} ms", file=sys.stderr)
    return out


def python_models(models):
    import keras
    out = {}
    for m in models:
        path = os.path.join(ROOT, "models", m + ".json")

        def build():
            keras.utils.clear_session(free_memory=True)
            with open(path) as f:
                return keras.models.model_from_json(f.read())
        out[m] = median_time(build)
        keras.utils.clear_session(free_memory=True)
        print(f"  python {m}: {out[m]:.1f} ms", file=sys.stderr)
    return out


PEAK_CHILD = """
import os, sys, json
# VmHWM, not getrusage: Linux carries ru_maxrss across fork/exec, so a child would report the parent's peak.
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras, tensorflow as tf
tf.constant(1.0) + 1
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
baseline = status("VmRSS")
model = keras.models.model_from_json(open(sys.argv[1]).read())
size = sum(int(w.value.numpy().nbytes) for w in model.weights)
print(json.dumps({"baseline_rss_bytes": baseline,
                  "peak_rss_bytes": status("VmHWM"),
                  "weight_bytes": size}))
"""


def python_peak(model):
    run = subprocess.run([sys.executable, "-c", PEAK_CHILD, os.path.join(ROOT, "models", model + ".json")],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def java_peak(model):
    run = subprocess.run([LAUNCHER, "bench", "--memory", model], capture_output=True, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


PROCESS_CHILD = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras
import numpy as np
with open(sys.argv[1]) as f:
    model = keras.models.model_from_json(f.read())
rows = []
for w in model.weights:
    v = w.numpy()
    rows.append((w.path, float(np.mean(v, dtype=np.float64)), float(np.std(v, dtype=np.float64))))
print(len(rows))
"""


def timed(command):
    """Wall seconds and peak RSS bytes (GNU time's %M: the child's own high-water mark) of one process."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        start = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name] + command, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        return seconds, int(open(rss.name).read().split()[-1]) * 1024


def process_bench(rounds):
    models = json.loads(subprocess.run([LAUNCHER, "bench", "--list"], capture_output=True, text=True, check=True)
                        .stdout)["process_models"]
    java, python = [], {m: [] for m in models}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(rounds):
            out = os.path.join(tmp, f"round{r}.json")
            subprocess.run([LAUNCHER, "bench", "--process", "--iterations", "1", "--json", out], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(out) as f:
                java.append(json.load(f))
            for m in models:
                python[m].append(timed([sys.executable, "-c", PROCESS_CHILD, os.path.join(ROOT, "models", m + ".json")]))
            print(f"  round {r + 1}/{rounds}: floor {java[-1]['floor']['wall_s']:.2f} s", file=sys.stderr)
    med = statistics.median
    floor_wall = med(j["floor"]["wall_s"] for j in java)
    floor_rss = med(j["floor"]["peak_rss_bytes"] for j in java)
    defaults_wall = med(j["floor_javacpp_defaults"]["wall_s"] for j in java)
    mib = 1 << 20
    lines = ["| model | weights (MiB) | ours (s) | ours --out (s) | floor (s) | Python (s) | ours / floor | "
             "ours / floor with JavaCPP's defaults | Python / ours | peak RSS ours / --out / Python (MiB) | "
             "ours --out over floor / weights |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for m in models:
        ours = med(j[m]["table"]["wall_s"] for j in java)
        npz = med(j[m]["npz"]["wall_s"] for j in java)
        ours_rss = med(j[m]["table"]["peak_rss_bytes"] for j in java)
        npz_rss = med(j[m]["npz"]["peak_rss_bytes"] for j in java)
        py = med(s for s, _ in python[m])
        py_rss = med(r for _, r in python[m])
        weights = java[0][m]["weight_bytes"]
        lines.append(f"| {m} | {weights / mib:.1f} | {ours:.2f} | {npz:.2f} | {floor_wall:.2f} | {py:.2f} | "
                     f"{ours / floor_wall:.2f} | {ours / defaults_wall:.2f} | {py / ours:.2f} | "
                     f"{ours_rss / mib:.0f} / {npz_rss / mib:.0f} / "
                     f"{py_rss / mib:.0f} | {(npz_rss - floor_rss) / weights:.2f} |")
    table = "\n".join(lines)
    print(table)
    with open(os.path.join(HERE, "bench-process-latest.md"), "w") as f:
        f.write(f"Produced by `python python-parity/bench.py --process --rounds {rounds}` on {os.cpu_count()} cores, "
                f"{time.strftime('%Y-%m-%d')}: whole processes, medians of {rounds} interleaved rounds. The floor "
                f"is a bare TF-Java program (JVM, TensorFlow, one eager op; {floor_rss / mib:.0f} MiB peak RSS) "
                f"started with the launcher's JVM options, loading TensorFlow as keras-init does (JavaCPP told not "
                f"to look for the absent CUDA build); the same program with JavaCPP's defaults took "
                f"{defaults_wall:.2f} s. Python is `import keras` + `model_from_json` + each weight's mean and "
                f"std.\n\n{table}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--memory-only", action="store_true",
                        help="re-measure only the peak-memory table and replace it in bench-latest.md")
    parser.add_argument("--process", action="store_true",
                        help="only the whole-process table (bench-process-latest.md)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the whole-process table (default 5)")
    args = parser.parse_args()
    if args.process:
        return process_bench(args.rounds)
    listing = json.loads(subprocess.run([LAUNCHER, "bench", "--list"], capture_output=True, text=True,
                                        check=True).stdout)
    cases = listing["initializers"]
    models = listing["models"]
    if args.quick:
        cases = [c for c in cases if (c["dtype"] == "float32" and not c["id"].endswith(("2^26", "4096^2")))
                 or c["id"].startswith("Identity")]
        models = ["resnet50"]
    if args.memory_only:
        return rewrite_memory_table(models)
    with tempfile.TemporaryDirectory() as tmp:
        result_file = os.path.join(tmp, "java.json")
        command = [LAUNCHER, "bench", "--json", result_file, "--cases", ",".join(c["id"] for c in cases),
                   "--models", ",".join(models)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        with open(result_file) as f:
            java = json.load(f)
    py = python_cases(cases)
    py.update(python_models(models))
    memory = {m: (java_peak(m), python_peak(m)) for m in models}

    lines = ["| case | ours (ms) | Python Keras (ms) | floor (ms) | ours / floor | ours / Python |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for key in [c["id"] for c in cases] + models:
        ours, floor, python = java[key]["ours"], java[key]["floor"], py[key]
        lines.append(f"| {key} | {ours:.1f} | {python:.1f} | {floor:.1f} | {ours / floor:.3f} | {ours / python:.3f} |")
    table = "\n".join(lines + [""] + memory_table(memory))
    print(table)
    with open(os.path.join(HERE, "bench-latest.md"), "w") as f:
        f.write(f"Produced by `python python-parity/bench.py{' --quick' if args.quick else ''}` on "
                f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}.\n\n{table}\n")


def memory_table(memory):
    lines = ["| model | weight bytes | peak RSS ours (MiB) | over JVM baseline | limit 1.3 x weights | "
                  "peak RSS Python (MiB) | over Python baseline |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for m, (j, p) in memory.items():
        mib = 1 << 20
        lines.append(f"| {m} | {j['weight_bytes']:,} | {j['peak_rss_bytes'] / mib:.0f} | "
                     f"{(j['peak_rss_bytes'] - j['baseline_rss_bytes']) / mib:.0f} | "
                     f"{1.3 * j['weight_bytes'] / mib:.0f} | {p['peak_rss_bytes'] / mib:.0f} | "
                     f"{(p['peak_rss_bytes'] - p['baseline_rss_bytes']) / mib:.0f} |")
    return lines


def rewrite_memory_table(models):
    """Keeps the timing table of the last full run and replaces the memory table with a fresh measurement."""
    path = os.path.join(HERE, "bench-latest.md")
    with open(path) as f:
        text = f.read()
    head = text[:text.index("| model | weight bytes")]
    table = "\n".join(memory_table({m: (java_peak(m), python_peak(m)) for m in models}))
    print(table)
    with open(path, "w") as f:
        f.write(f"{head}{table}\n\nMemory table re-measured by `python python-parity/bench.py --memory-only`, "
                f"{time.strftime('%Y-%m-%d')}.\n")


if __name__ == "__main__":
    main()
