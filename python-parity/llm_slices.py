"""Goldens for slices of the llm_* models' distinct weights, each made whole by Python Keras through its initializer.

For every distinct (initializer, shape) of models/llm_{1b,7b,13b}.json (Embedding's RandomUniform, the Dense and
MultiHeadAttention kernels' GlorotUniform; Zeros and Ones are trivial), Keras computes the whole float32 tensor
with seed 1234 (at most 655 MB) and records the SHA-256 of a few flat ranges of it: the start, an unaligned range
in the middle, the end. LlmSliceParityTest makes only those ranges (KerasInitializer.callRange) and must match.

  python python-parity/llm_slices.py            # writes src/test/resources/llm_slices.json (a few minutes)
"""
import hashlib
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "llm_slices.json")
SEED = 1234
SIZES = {"llm_1b": (32000, 2048, 16), "llm_7b": (32000, 4096, 32), "llm_13b": (32000, 5120, 40)}


def cases():
    seen = set()
    for vocab, width, heads in SIZES.values():
        k = width // heads
        for cls, shape in (("RandomUniform", (vocab, width)), ("GlorotUniform", (width, heads, k)),
                           ("GlorotUniform", (heads, k, width)), ("GlorotUniform", (width, 4 * width)),
                           ("GlorotUniform", (4 * width, width)), ("GlorotUniform", (width, vocab))):
            if (cls, shape) not in seen:
                seen.add((cls, shape))
                yield cls, shape


def main():
    import keras
    import numpy as np
    out = []
    for cls, shape in cases():
        init = getattr(keras.initializers, cls)(seed=SEED)
        whole = keras.ops.convert_to_numpy(init(shape, dtype="float32")).reshape(-1)
        n = whole.size
        ranges = [(0, 1000), (n // 2 + 4097, n // 2 + 4097 + 3333), (n - 2001, n)]
        out.append({"initializer": keras.initializers.serialize(init), "shape": list(shape),
                    "slices": [{"range": [a, b], "sha256": hashlib.sha256(whole[a:b].astype("<f4").tobytes())
                                .hexdigest()} for a, b in ranges]})
        print(cls, shape, n)
        del whole
    with open(OUT, "w") as f:
        json.dump({"seed": SEED, "dtype": "float32", "cases": out}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
