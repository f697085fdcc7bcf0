"""Streamed and sharded materialize of large models: peak RSS and wall time against the floors. Prints a table.

  python3 python-parity/stream_bench.py [--models llm_1b,llm_7b,llm_13b] [--spark] [--embedding-40gb]

For each model: `keras-init materialize models/M.json --seed 1 --out SINK` in a child process whose peak RSS is its
VmHWM (polled from /proc), against the floor: each weight's raw TF ops priced per element (bench/StreamFloors,
chunk-sized draws). The sink is a real .safetensors file when the disk has room for it (plus 10 GB for others),
else /dev/null (an .npz stream, computed and written, not stored), and the table says which; outputs are deleted.
--spark: the Spark job (local[2], in one JVM) against single-process materialize on llm_1b, the same bytes (SHA-256
of every file) and the wall-time ratio. --embedding-40gb: one 50,000 x 200,000 float32 Embedding to /dev/null.
Heavy and noisy on a shared machine: compare the ratios of one run.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TARGET = os.path.join(ROOT, "target")
ENV = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")


def classpath(extra=""):
    with open(os.path.join(TARGET, "classpath.txt")) as f:
        return os.path.join(TARGET, "keras-init.jar") + ":" + f.read().strip() + extra


def peak_run(command):
    """(exit code, wall seconds, CPU seconds, peak RSS bytes) of a child, from wait4's resource usage."""
    start = time.time()
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env=ENV, cwd=ROOT)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            print(err.read().decode(errors="replace")[-2000:], file=sys.stderr)
    return p.returncode, time.time() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def floors(model_path):
    out = subprocess.run(["java", "-cp", classpath(), "io.github.kerasinit.bench.StreamFloors", model_path],
                         capture_output=True, text=True, env=ENV, check=True, cwd=ROOT).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def java_cli(*args):
    return ["java", "-XX:+UseSerialGC", "-Xmn24m", f"-Dkerasinit.home={ROOT}", "-cp", classpath(),
            "io.github.kerasinit.cli.Main"] + list(args)


def sha_dir(folder):
    out = {}
    for name in sorted(os.listdir(folder)):
        h = hashlib.sha256()
        with open(os.path.join(folder, name), "rb") as f:
            while chunk := f.read(1 << 24):
                h.update(chunk)
        out[name] = h.hexdigest()
    return out


def row(name, params, nbytes, sink, wall, cpu, peak, floor):
    print(f"| {name:22s} | {params/1e9:6.2f} B | {nbytes/2**30:7.1f} GiB | {sink:17s} | {wall:7.1f} s |"
          f" {cpu:7.1f} s | {peak/2**30:5.2f} GiB | {floor:7.1f} s | {cpu/floor if floor else float('nan'):5.2f}x |",
          flush=True)


def models(names, scratch):
    for name in names:
        path = os.path.join("models", name + ".json")
        floor, params, nbytes = floors(path)
        free = shutil.disk_usage(scratch).free
        to_disk = free > nbytes + (10 << 30)
        out = os.path.join(scratch, name + ".safetensors") if to_disk else "/dev/null"
        code, wall, cpu, peak = peak_run(java_cli("materialize", path, "--seed", "1", "--out", out,
                                                  "--no-progress"))
        for f in os.listdir(scratch):
            os.remove(os.path.join(scratch, f))
        sink = ".safetensors file" if to_disk else "/dev/null (.npz)"
        if code != 0:
            print(f"| {name} | FAILED (exit {code}) |")
            continue
        row(name, params, nbytes, sink, wall, cpu, peak, floor)
        if not to_disk and name == "llm_13b":
            print(f"  (llm_13b: {free/2**30:.0f} GiB free < {nbytes/2**30:.0f} GiB + 10: streamed to /dev/null)")


def embedding_40gb(scratch):
    config = {"module": "keras", "class_name": "Functional", "config": {"name": "embedding_40gb", "trainable": True,
              "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 8],
                   "dtype": "int32", "sparse": False, "ragged": False, "name": "tokens", "optional": False},
                   "registered_name": None, "name": "tokens", "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Embedding", "config": {"name": "embed",
                   "trainable": True, "dtype": "float32", "input_dim": 50000, "output_dim": 200000,
                   "embeddings_initializer": {"module": "keras.initializers", "class_name": "RandomUniform",
                                              "config": {"seed": None, "minval": -0.05, "maxval": 0.05},
                                              "registered_name": None}, "mask_zero": False},
                   "registered_name": None, "build_config": {"input_shape": [None, 8]}, "name": "embed",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [None, 8],
                                     "dtype": "int32", "keras_history": ["tokens", 0, 0]}}], "kwargs": {}}]}],
              "input_layers": ["tokens", 0, 0], "output_layers": ["embed", 0, 0]}}
    path = os.path.join(scratch, "embedding_40gb.json")
    with open(path, "w") as f:
        json.dump(config, f)
    floor, params, nbytes = floors(path)
    code, wall, cpu, peak = peak_run(java_cli("materialize", path, "--seed", "1", "--out", "/dev/null",
                                              "--no-progress"))
    os.remove(path)
    if code == 0:
        row("embedding 50000x200000", params, nbytes, "/dev/null (.npz)", wall, cpu, peak, floor)


def spark(scratch):
    cp_file = os.path.join(scratch, "spark-cp.txt")
    subprocess.run(["mvn", "-B", "-ntp", "-q", "-Pspark", "compile", "dependency:build-classpath",
                    f"-Dmdep.outputFile={cp_file}", "-Dmdep.includeScope=provided"], cwd=ROOT, check=True)
    with open(cp_file) as f:
        spark_cp = os.path.join(TARGET, "classes") + ":" + f.read().strip() + ":" + classpath()
    os.remove(cp_file)
    opens = [f"--add-opens=java.base/{p}=ALL-UNNAMED" for p in (
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio", "java.util",
        "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs", "sun.security.action",
        "sun.util.calendar")]
    single = os.path.join(scratch, "single")
    sharded = os.path.join(scratch, "spark")
    os.makedirs(single)
    os.makedirs(sharded)
    args = ["--max-shard-size", "1GB"]
    code1, wall1, cpu1, peak1 = peak_run(java_cli("materialize", "models/llm_1b.json", "--seed", "1", "--out",
                                            os.path.join(single, "llm_1b.safetensors"), "--no-progress", *args))
    code2, wall2, cpu2, peak2 = peak_run(["java", "-Xmx2g", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
                                    "-Dspark.driver.host=127.0.0.1", *opens, "-cp", spark_cp,
                                    "io.github.kerasinit.spark.ShardedMaterialize", "models/llm_1b.json",
                                    os.path.join(sharded, "llm_1b.safetensors"), "--seed", "1", *args])
    same = code1 == 0 and code2 == 0 and sha_dir(single) == sha_dir(sharded)
    files = len(os.listdir(single))
    shutil.rmtree(single)
    shutil.rmtree(sharded)
    print(f"\nllm_1b to {files} safetensors files: single process {wall1:.1f} s wall, {cpu1:.1f} s CPU, peak"
          f" {peak1/2**30:.2f} GiB; Spark local[2] {wall2:.1f} s wall, {cpu2:.1f} s CPU, peak {peak2/2**30:.2f} GiB;"
          f" wall ratio {wall2/wall1:.2f}, CPU ratio {cpu2/cpu1:.2f}; identical bytes (SHA-256 of every file): {same}",
          flush=True)


def main():
    names = ["llm_1b", "llm_7b", "llm_13b"]
    for i, a in enumerate(sys.argv):
        if a == "--models":
            names = sys.argv[i + 1].split(",")
    scratch = tempfile.mkdtemp(prefix="stream-bench-", dir=os.environ.get("BENCH_DIR", "/tmp"))
    try:
        print(f"free disk: {shutil.disk_usage(scratch).free/2**30:.0f} GiB; CPUs: {os.cpu_count()}")
        print("| model | params | bytes | sink | wall | CPU | peak RSS | floor (CPU) | CPU / floor |")
        print("|---|---|---|---|---|---|---|---|---|")
        if names != [""]:
            models(names, scratch)
        if "--embedding-40gb" in sys.argv:
            embedding_40gb(scratch)
        if "--spark" in sys.argv:
            spark(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
