"""Streamed and sharded materialize of large models: peak RSS and wall time against the floors. Prints a table.

  python3 python-parity/stream_bench.py [--models llm_1b,llm_7b,llm_13b] [--spark] [--embedding-40gb] [--append]

For each model: `target/keras-init materialize models/M.json --seed 1 --out SINK` in a child process (CPU seconds and
peak RSS from wait4; the better of two runs, with the larger peak), against the floors: the draws (bench/StreamFloors,
a bare TF-Java process drawing every weight with its raw ops, timed as a whole process like ours, alternating with
ours without output: floor, ours, floor, ours; the lesser of its two runs) and, for a file, the write (a child writing
as many bytes to a new file on the same disk, as dd would, through the page cache and past it). The sink is a real
.safetensors file when the disk has room for it (plus 10 GB for others), else /dev/null (an .npz stream, computed and
written, not stored), and the table says which; outputs are deleted.
--spark: the Spark job (local[2], in one JVM) against single-process materialize on llm_1b, the same bytes (SHA-256
of every file) and the wall-time ratio. --embedding-40gb: one 50,000 x 200,000 float32 Embedding (37.3 GiB) to a
.safetensors file when the disk has room (else /dev/null), its slices then read back from the file and compared with
Python Keras (check_embedding_slices; needs tensorflow, keras and numpy: run it with the parity venv's python).
--append: add to python-parity/stream-bench-latest.txt (the rows of a run in parts) instead of replacing it.
Heavy and noisy on a shared machine: compare the ratios of one run.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TARGET = os.path.join(ROOT, "target")
ENV = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")


def launcher_default_options():
    """The JVM options the launcher gives unless KERAS_INIT_JAVA_OPTS replaces them (JvmOptions.LAUNCHER_DEFAULT)."""
    with open(os.path.join(ROOT, "src", "main", "launcher", "keras-init")) as f:
        return re.search(r"\$\{KERAS_INIT_JAVA_OPTS:-([^}]*)\}", f.read()).group(1).split()


def classpath(extra=""):
    with open(os.path.join(TARGET, "classpath.txt")) as f:
        return os.path.join(TARGET, "keras-init.jar") + ":" + f.read().strip() + extra


def peak_run(command, stdout=subprocess.DEVNULL):
    """(exit code, wall seconds, CPU seconds, peak RSS bytes) of a child, from wait4's resource usage. Dirty pages
    of earlier writes are flushed first, so that no run pays for the one before."""
    os.sync()
    start = time.time()
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(command, stdout=stdout, stderr=err, env=ENV, cwd=ROOT)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            print(err.read().decode(errors="replace")[-2000:], file=sys.stderr)
    return p.returncode, time.time() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def floor_run(model_path):
    """(exit code, wall s, CPU s, peak RSS bytes, parameters, bytes) of the draw floor: bench/StreamFloors, a bare
    TF-Java process that draws every weight of the model with its raw ops (the stateless draw and Keras' scale and
    shift) in pieces of at most a chunk, timed as a whole process like ours and started with the launcher's JVM
    options (C1 with less inlining, one compiler thread, the serial collector)."""
    with tempfile.TemporaryFile("w+") as out:
        code, wall, cpu, peak = peak_run(["java", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                                          "-XX:C1MaxInlineSize=20",
                                          *launcher_default_options(), "-cp", classpath(),
                                          "io.github.kerasinit.bench.StreamFloors", model_path], out)
        if code != 0:
            raise RuntimeError(f"StreamFloors {model_path} failed (exit {code})")
        out.seek(0)
        fields = out.read().split()
    return code, wall, cpu, peak, int(fields[0]), int(fields[1])


def write_floor(folder, nbytes):
    """(CPU s, wall s) of a child writing nbytes to a new file in folder in 16 MiB blocks, as `dd` would: the floor
    of putting the weights on that disk, each the least of two runs through the page cache (writeback included) and
    two with O_DIRECT past it (`dd oflag=direct`: the last block padded, then the file truncated), as keras-init
    writes files of 1 GiB or more; the file is deleted."""
    path = os.path.join(folder, "write-floor.bin")
    cached = ("import os,sys\nb=memoryview(bytes(16<<20))\nn=int(sys.argv[2])\n"
              "fd=os.open(sys.argv[1],os.O_WRONLY|os.O_CREAT)\nwhile n>0:\n n-=os.write(fd,b[:min(n,len(b))])\n"
              "os.close(fd)\n")
    direct = ("import os,sys,mmap\nb=memoryview(mmap.mmap(-1,16<<20))\nn=total=int(sys.argv[2])\n"
              "fd=os.open(sys.argv[1],os.O_WRONLY|os.O_CREAT|os.O_DIRECT)\nwhile n>0:\n"
              " n-=os.write(fd,b[:(min(n,len(b))+4095)//4096*4096])\nos.ftruncate(fd,total)\nos.close(fd)\n")
    cpu, wall = [], []
    for code in (cached, cached, direct, direct):  # the page cache's state makes single runs vary by 2x here
        _, w, c, _ = peak_run([sys.executable, "-c", code, path, str(nbytes)])
        os.remove(path)
        cpu.append(c)
        wall.append(w)
    return min(cpu), min(wall)


def java_cli(*args):
    """The launcher users run (target/keras-init: AppCDS, C1, the serial collector)."""
    return [os.path.join(TARGET, "keras-init")] + list(args)


def sha_dir(folder):
    out = {}
    for name in sorted(os.listdir(folder)):
        h = hashlib.sha256()
        with open(os.path.join(folder, name), "rb") as f:
            while chunk := f.read(1 << 24):
                h.update(chunk)
        out[name] = h.hexdigest()
    return out


def row(name, params, nbytes, sink, wall, cpu, peak, draw, write):
    """draw and write: (CPU s, wall s) floors; write is (0, 0) for /dev/null."""
    fc, fw = draw[0] + write[0], draw[1] + write[1]
    print(f"| {name:22s} | {params/1e9:6.2f} B | {nbytes/2**30:7.1f} GiB | {sink:17s} | {wall:7.1f} s |"
          f" {cpu:7.1f} s | {peak/2**30:5.2f} GiB | {draw[0]:6.1f} s / {draw[1]:6.1f} s |"
          f" {write[0]:5.1f} s / {write[1]:5.1f} s | {cpu/fc:5.2f}x | {wall/fw:5.2f}x |", flush=True)


def better_of_two(command, before_second=None):
    """(exit code, wall s, CPU s, peak RSS bytes) of the run with less CPU of two, with the larger peak of the two:
    the floors too take the least of their runs, because the page cache's state makes single runs here vary by 2x and
    more (a buffered write floor took 10.9, 1.0 and 2.7 s of CPU for the same 4.2 GB in three runs in a row).
    before_second() runs between the two (deleting the first run's output)."""
    first = peak_run(command)
    if first[0] != 0:
        return first
    if before_second:
        before_second()
    second = peak_run(command)
    if second[0] != 0:
        return second
    best = min(first, second, key=lambda r: r[2])
    return best[0], best[1], best[2], max(first[3], second[3])


def measure(label, path, scratch, after_write=None):
    """Two rows for one model: `materialize` with no output (the draws and the table's statistics) against the draw
    floor, then with --out (a .safetensors file when the disk has room for it plus 10 GB, else /dev/null) against the
    draw and write floors. The draw floor and ours without output alternate, floor first (floor, ours, floor, ours),
    so that both see the machine's same minutes; each takes the better of its two runs, as the --out row does
    (better_of_two). after_write(out) runs on the file before it is deleted."""
    ours_cmd = java_cli("materialize", path, "--seed", "1", "--no-progress")
    f1 = floor_run(path)
    o1 = peak_run(ours_cmd)
    f2 = floor_run(path)
    o2 = peak_run(ours_cmd) if o1[0] == 0 else o1
    params, nbytes = f1[4], f1[5]
    floor = min(f1, f2, key=lambda r: r[2])
    draw_cpu, draw_wall = floor[2], floor[1]
    if o1[0] != 0 or o2[0] != 0:
        print(f"| {label} | FAILED (exit {o1[0] or o2[0]}) |")
        return
    best = min(o1, o2, key=lambda r: r[2])
    code, wall, cpu, peak = best[0], best[1], best[2], max(o1[3], o2[3])
    row(label, params, nbytes, "none (table only)", wall, cpu, peak, (draw_cpu, draw_wall), (0.0, 0.0))
    free = shutil.disk_usage(scratch).free
    to_disk = free > nbytes + (10 << 30)
    out = os.path.join(scratch, "weights.safetensors") if to_disk else "/dev/null"
    write = write_floor(scratch, nbytes) if to_disk else (0.0, 0.0)
    code, wall, cpu, peak = better_of_two(java_cli("materialize", path, "--seed", "1", "--out", out, "--no-progress"),
                                          (lambda: os.remove(out)) if to_disk else None)
    if code != 0:
        print(f"| {label} | FAILED (exit {code}) |")
    else:
        row(label, params, nbytes, ".safetensors file" if to_disk else "/dev/null (.npz)", wall, cpu, peak,
            (draw_cpu, draw_wall), write)
        if not to_disk:
            print(f"  ({label}: {free/2**30:.0f} GiB free < {nbytes/2**30:.0f} GiB + 10: streamed to /dev/null)")
        elif after_write:
            after_write(out)
    if to_disk:
        os.remove(out)


def models(names, scratch):
    for name in names:
        measure(name, os.path.join("models", name + ".json"), scratch)


EMBEDDING_ROWS, EMBEDDING_COLS = 50000, 200000


def embedding_config(rows, cols):
    return {"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
            "config": {"name": "embedding_40gb", "trainable": True,
            "layers": [
                {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [None, 8],
                 "dtype": "int32", "sparse": False, "ragged": False, "name": "tokens", "optional": False},
                 "registered_name": None, "name": "tokens", "inbound_nodes": []},
                {"module": "keras.layers", "class_name": "Embedding", "config": {"name": "embed",
                 "trainable": True, "dtype": "float32", "input_dim": rows, "output_dim": cols,
                 "embeddings_initializer": {"module": "keras.initializers", "class_name": "RandomUniform",
                                            "config": {"seed": None, "minval": -0.05, "maxval": 0.05},
                                            "registered_name": None}, "mask_zero": False},
                 "registered_name": None, "build_config": {"input_shape": [None, 8]}, "name": "embed",
                 "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [None, 8],
                                   "dtype": "int32", "keras_history": ["tokens", 0, 0]}}], "kwargs": {}}]}],
            "input_layers": ["tokens", 0, 0], "output_layers": ["embed", 0, 0]}}


def embedding_40gb(scratch):
    path = os.path.join(scratch, "embedding_40gb.json")
    with open(path, "w") as f:
        json.dump(embedding_config(EMBEDDING_ROWS, EMBEDDING_COLS), f)
    measure("embedding 50000x200000", path, scratch, check_embedding_slices)
    os.remove(path)


def safetensors_range(path, name, start, end):
    """Elements [start, end) of a float32 tensor in a .safetensors file, read at their byte offsets."""
    import numpy as np
    with open(path, "rb") as f:
        header_len = int.from_bytes(f.read(8), "little")
        entry = json.loads(f.read(header_len))[name]
        assert entry["dtype"] == "F32", entry
        f.seek(8 + header_len + entry["data_offsets"][0] + 4 * start)
        return np.frombuffer(f.read(4 * (end - start)), dtype="<f4")


def keras_uniform_range(seed, start, end, minval=-0.05, maxval=0.05):
    """Elements [start, end) of Keras' RandomUniform(minval, maxval, seed) over any shape, by TF's own kernels without
    the whole tensor: StatelessRandomGetKeyCounter turns the seed [seed, 0] into Philox's key and counter, a V2 draw
    with the counter advanced by start // 4 (4 float32 per Philox call) gives the elements from the group of start,
    and Keras' `rnd * (maxval - minval) + minval` in float32 follows (tf.random.stateless_uniform)."""
    import numpy as np
    import tensorflow as tf
    key, counter = tf.raw_ops.StatelessRandomGetKeyCounter(seed=tf.constant([seed, 0], tf.int64))
    start, end = int(start), int(end)
    low, high = (int(v) for v in counter.numpy())
    low += start // 4
    high += low >> 64
    counter = tf.constant(np.array([low & (2**64 - 1), high & (2**64 - 1)], dtype=np.uint64))
    skip = start % 4
    rnd = tf.raw_ops.StatelessRandomUniformV2(shape=[end - start + skip], key=key, counter=counter,
                                              alg=tf.constant(3), dtype=tf.float32)  # AUTO_SELECT, as Keras' call
    lo, hi = tf.constant(minval, tf.float32), tf.constant(maxval, tf.float32)
    return (rnd * (hi - lo) + lo).numpy()[skip:]


def check_embedding_slices(path):
    """The 40 GB embedding's file against Python Keras: the leading rows against Keras' whole RandomUniform call for
    that many rows (a stateless draw's first elements do not depend on its shape), then rows at the middle and end,
    random rows and an unaligned range against keras_uniform_range, itself first checked against the whole call.
    Keras' seed for the layer: after set_random_seed(1) the model's first initializer draws it; checked on the same
    config at 50 x 2000, built whole by model_from_json."""
    import numpy as np
    import keras
    keras.utils.set_random_seed(1)
    small = keras.models.model_from_json(json.dumps(embedding_config(50, 2000)))
    small_weights = keras.ops.convert_to_numpy(small.get_layer("embed").embeddings).reshape(-1)
    keras.utils.set_random_seed(1)
    init = keras.initializers.RandomUniform(minval=-0.05, maxval=0.05)
    seed = init.seed
    assert np.array_equal(small_weights, keras.ops.convert_to_numpy(init((50, 2000), dtype="float32")).reshape(-1))
    lead = 16
    whole_lead = keras.ops.convert_to_numpy(init((lead, EMBEDDING_COLS), dtype="float32")).reshape(-1)
    assert np.array_equal(whole_lead[1001:9999], keras_uniform_range(seed, 1001, 9999)), "the range rule"
    cols, rows = EMBEDDING_COLS, EMBEDDING_ROWS
    checks = [("rows 0:16, Keras whole", 0, lead * cols, whole_lead)]
    rng = np.random.default_rng(7)
    ranges = [(rows // 2, rows // 2 + 3), (rows - 2, rows)] + [(int(r), int(r) + 1) for r in rng.integers(0, rows, 5)]
    for r0, r1 in ranges:
        checks.append((f"rows {r0}:{r1}", r0 * cols, r1 * cols, None))
    odd = 7_777_777_777
    checks.append((f"elements {odd}:{odd + 1001}", odd, odd + 1001, None))
    failed = 0
    for label, a, b, expected in checks:
        if expected is None:
            expected = keras_uniform_range(seed, a, b)
        same = np.array_equal(safetensors_range(path, "embed/embeddings", a, b).view("<u4"), expected.view("<u4"))
        failed += not same
        print(f"  embedding {label}: {'bit-exact' if same else 'DIFFERENT'} ({b - a:,} elements)", flush=True)
    print(f"  embedding slices checked against Python Keras: {len(checks) - failed}/{len(checks)} bit-exact")


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


class Tee:
    """Everything printed goes to the terminal and to stream-bench-latest.txt, which docs/sharded.md quotes."""

    def __init__(self, *streams):
        self.streams = streams

    def write(self, text):
        for s in self.streams:
            s.write(text)

    def flush(self):
        for s in self.streams:
            s.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="llm_1b,llm_7b,llm_13b", help="models/NAME.json, comma-separated; '' for none")
    parser.add_argument("--spark", action="store_true")
    parser.add_argument("--embedding-40gb", action="store_true")
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()
    latest = open(os.path.join(ROOT, "python-parity", "stream-bench-latest.txt"), "a" if args.append else "w")
    sys.stdout = Tee(sys.__stdout__, latest)
    print(f"python-parity/stream_bench.py {' '.join(sys.argv[1:])}  ({time.strftime('%Y-%m-%d', time.gmtime())})")
    names = args.models.split(",")
    scratch = tempfile.mkdtemp(prefix="stream-bench-", dir=os.environ.get("BENCH_DIR", "/tmp"))
    try:
        print(f"free disk: {shutil.disk_usage(scratch).free/2**30:.0f} GiB; CPUs: {os.cpu_count()}")
        print("| model | params | bytes | sink | wall | CPU | peak RSS | draw floor CPU / wall | write floor CPU / wall"
              " | CPU / floor | wall / floor |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        if names != [""]:
            models(names, scratch)
        if args.embedding_40gb:
            embedding_40gb(scratch)
        if args.spark:
            spark(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
