"""Decoder-only transformer configs at ~1B, 7B and 13B parameters, for streamed and sharded materialize.

Building a 7B model in Python needs 28 GB, so Keras builds each model's *structure* at tiny widths (the real
number of blocks and heads, width 3 per head, distinct small sizes), and the config is then scaled: every shape
entry and `units` equal to a tiny size becomes the real one (width, MLP width, vocabulary), `key_dim` the real
head size. A mid-size model (`--check` builds it in Keras at its real size) proves the scaling: its Keras weights
equal keras-init's bytes. The architecture (pre-LayerNorm GPT): Embedding, then per block LayerNormalization ->
MultiHeadAttention -> Add, LayerNormalization -> Dense(4d, gelu) -> Dense(d) -> Add; a final LayerNormalization
and an untied Dense(vocab) head.

  python python-parity/make_transformers.py            # writes models/llm_{1b,7b,13b}.json
  python python-parity/make_transformers.py --check    # fails if they are stale, and checks the scaling in Keras
"""
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MODELS_DIR = os.path.join(ROOT, "models")
LAUNCHER = os.path.join(ROOT, "target", "keras-init")

# name: (vocab, width, heads, blocks); the MLP is 4 * width
SIZES = {
    "llm_1b": (32000, 2048, 16, 18),
    "llm_7b": (32000, 4096, 32, 32),
    "llm_13b": (32000, 5120, 40, 40),
}
MID = ("llm_mid", (1000, 96, 4, 2))  # built in Keras at its real size by --check


def tiny_sizes(heads):
    width = 3 * heads
    return {"vocab": 7, "width": width, "mlp": width + 5, "key_dim": 3}


def build(vocab, width, heads, blocks, mlp, key_dim, name):
    import keras
    tokens = keras.Input((None,), dtype="int32", name="tokens")
    x = keras.layers.Embedding(vocab, width, name="embed")(tokens)
    for i in range(blocks):
        h = keras.layers.LayerNormalization(name=f"block{i}_ln1")(x)
        h = keras.layers.MultiHeadAttention(heads, key_dim, name=f"block{i}_attn")(h, h, use_causal_mask=True)
        x = keras.layers.Add(name=f"block{i}_add1")([x, h])
        h = keras.layers.LayerNormalization(name=f"block{i}_ln2")(x)
        h = keras.layers.Dense(mlp, activation="gelu", name=f"block{i}_up")(h)
        h = keras.layers.Dense(width, name=f"block{i}_down")(h)
        x = keras.layers.Add(name=f"block{i}_add2")([x, h])
    x = keras.layers.LayerNormalization(name="final_ln")(x)
    logits = keras.layers.Dense(vocab, use_bias=False, name="lm_head")(x)
    return keras.Model(tokens, logits, name=name)


def scaled_config(name, vocab, width, heads, blocks):
    """The config of the real-size model, from a tiny build of the same structure."""
    import keras
    keras.utils.clear_session(free_memory=True)
    t = tiny_sizes(heads)
    model = build(t["vocab"], t["width"], heads, blocks, t["mlp"], t["key_dim"], name)
    table = {t["vocab"]: vocab, t["width"]: width, t["mlp"]: 4 * width}
    assert len(table) == 3

    def walk(node, key=None):
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                if k in ("key_dim", "value_dim"):
                    out[k] = width // heads
                elif k in ("input_dim", "output_dim", "units") and isinstance(v, int):
                    out[k] = table[v]
                else:
                    out[k] = walk(v, k)
            return out
        if isinstance(node, list):
            return [table.get(v, v) if isinstance(v, int) and not isinstance(v, bool) else walk(v) for v in node]
        return node

    return walk(json.loads(model.to_json()))


def parameters(vocab, width, heads, blocks):
    attention = 4 * width * width + 4 * width
    mlp = 8 * width * width + 5 * width
    return vocab * width * 2 + blocks * (attention + mlp + 4 * width) + 2 * width


def write_all(folder):
    for name, (vocab, width, heads, blocks) in SIZES.items():
        config = scaled_config(name, vocab, width, heads, blocks)
        with open(os.path.join(folder, name + ".json"), "w") as f:
            json.dump(config, f, indent=1)
            f.write("\n")
        print(f"{name}: {parameters(vocab, width, heads, blocks):,} parameters,"
              f" {4 * parameters(vocab, width, heads, blocks) / 1e9:.1f} GB in float32")


def check():
    import keras
    import numpy as np
    stale = 0
    with tempfile.TemporaryDirectory() as tmp:
        write_all(tmp)
        for name in SIZES:
            with open(os.path.join(tmp, name + ".json")) as a, open(os.path.join(MODELS_DIR, name + ".json")) as b:
                if a.read() != b.read():
                    print(f"STALE models/{name}.json")
                    stale += 1
        # the scaling, proven on a model Keras can build at its real size
        name, (vocab, width, heads, blocks) = MID
        path = os.path.join(tmp, name + ".json")
        with open(path, "w") as f:
            json.dump(scaled_config(name, vocab, width, heads, blocks), f)
        out = os.path.join(tmp, "mid.npz")
        subprocess.run([LAUNCHER, "materialize", path, "--seed", "42", "--out", out, "--no-progress",
                        "--chunk-size", "16KiB"], check=True, stdout=subprocess.DEVNULL)
        keras.utils.clear_session(free_memory=True)
        keras.utils.set_random_seed(42)
        reference = build(vocab, width, heads, blocks, 4 * width, width // heads, name)
        ours = np.load(out)
        same = sorted(ours.files) == sorted(w.path for w in reference.weights) and all(
            ours[w.path].tobytes() == keras.ops.convert_to_numpy(w.value).tobytes() for w in reference.weights)
        print(f"{name}: {len(reference.weights)} weights of the scaled config {'equal' if same else 'DIFFER FROM'}"
              " Keras' model built at full size")
        stale += 0 if same else 1
    return stale


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(1 if check() else 0)
    write_all(MODELS_DIR)
