"""The layout of the weights files Keras 3.15.1 writes, as goldens for keras-init's writers.

    python python-parity/weights_files.py            # write src/test/resources/weights/layouts.json
    python python-parity/weights_files.py --check    # fail if the committed file is stale

For every model in models/ (but the 400 MB wide_mlp) and every row of the per-layer weight table
(src/test/resources/layers/layer_weights.json: one 1-layer Functional model per supported layer and option), Keras
builds the model, each weight of model.weights is set to its index + 1 (so each dataset in the file names the weight
it holds), and two files are written:
  keras3   model.save_weights("x.weights.h5"): saving_lib's tree (layers/<snake_case class>/..., <attr>/..., vars/<i>)
  keras2   legacy_h5_format.save_weights_to_hdf5_group(root, model): the legacy .h5 weights layout (layer_names,
           backend, keras_version at the root; a group per layer with weight_names and one dataset per weight)
Each is recorded as every group's attributes and every dataset's shape, dtype, attributes and weight index (its
position in model.weights; -1 where it holds no value to tell: an empty weight), and how each attribute is stored
(variable-length UTF-8 or ASCII string, numeric). keras-init's JUnit tests
(WeightsFileLayoutTest) compare the files keras-init writes for the same configs with these, group by group.
"""
import argparse
import json
import os
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
GOLDEN = os.path.join(ROOT, "src", "test", "resources", "weights", "layouts.json")
LAYER_TABLE = os.path.join(ROOT, "src", "test", "resources", "layers", "layer_weights.json")


def model_config_json(path):
    """The config Keras builds from a model file (what keras-init reads)."""
    import zipfile
    if path.endswith(".keras"):
        with zipfile.ZipFile(path) as z:
            return z.read("config.json").decode()
    if path.endswith(".h5"):
        with h5py.File(path) as f:
            return f.attrs["model_config"]
    with open(path) as f:
        return f.read()


def build(path_or_config, seed=42):
    """The model Keras builds from a models/ file (or a config dict) after set_random_seed(seed)."""
    keras.utils.clear_session(free_memory=True)
    keras.utils.set_random_seed(seed)
    if isinstance(path_or_config, dict):
        return keras.models.model_from_json(json.dumps(path_or_config))
    if path_or_config.endswith(".h5"):  # what keras.models.load_model does with a legacy file
        from keras.src.legacy.saving import json_utils, saving_utils
        return saving_utils.model_from_config(json_utils.decode(model_config_json(path_or_config)))
    return keras.models.model_from_json(model_config_json(path_or_config))


def attr_value(value):
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.ndarray):
        return [attr_value(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return attr_value(value.item())
    return value


def hdf5_type(t):
    """The HDF5 datatype class and size, and for an opaque type its tag: what a reader sees besides numpy's name."""
    classes = {h5py.h5t.INTEGER: "integer", h5py.h5t.FLOAT: "float", h5py.h5t.OPAQUE: "opaque",
               h5py.h5t.STRING: "string"}
    out = {"class": classes.get(t.get_class(), str(t.get_class())), "size": t.get_size()}
    if t.get_class() == h5py.h5t.OPAQUE:
        out["tag"] = t.get_tag().decode()
    return out


def attr_type(obj, name):
    """How an attribute is stored: "str utf-8" / "str ascii" (variable-length strings, h5py's str and bytes),
    "fixed ..." strings, or a numeric dtype with its shape (h5py's np.asarray([]) is "float64 (0,)")."""
    attr = obj.attrs.get_id(name)
    t = attr.get_type()
    if t.get_class() == h5py.h5t.STRING:
        kind = "str" if t.is_variable_str() else f"fixed {t.get_size()}"
        return f"{kind} {'utf-8' if t.get_cset() == h5py.h5t.CSET_UTF8 else 'ascii'}" + (
            f" {attr.shape}" if attr.shape else "")
    return f"{attr.dtype.name} {attr.shape}"


def layout(file):
    """Every group (its attributes) and dataset (shape, dtype, attributes, weight index) of an HDF5 file, and how
    each attribute is stored."""
    groups, datasets, attr_types = {}, {}, {}
    with h5py.File(file) as f:
        groups["/"] = {k: attr_value(v) for k, v in f.attrs.items()}
        for k in f.attrs:
            attr_types["/@" + k] = attr_type(f, k)

        def visit(name, obj):
            attrs = {k: attr_value(v) for k, v in obj.attrs.items()}
            for k in obj.attrs:
                attr_types[name + "@" + k] = attr_type(obj, k)
            if isinstance(obj, h5py.Dataset):
                value = np.asarray(obj[()])
                if obj.dtype.kind == "V" and obj.dtype.itemsize == 2:  # h5py stores ml_dtypes' bfloat16 as opaque
                    import ml_dtypes
                    value = value.view(ml_dtypes.bfloat16)
                index = int(value.flat[0]) - 1 if value.size else -1
                datasets[name] = {"weight": index, "shape": list(obj.shape), "dtype": obj.dtype.str, "attrs": attrs,
                                  "hdf5_type": hdf5_type(obj.id.get_type())}
            else:
                groups[name] = attrs
        f.visititems(visit)
    return {"groups": groups, "datasets": datasets, "attr_types": attr_types}


def label_weights(model):
    for i, w in enumerate(model.weights):
        w.assign(np.full(w.shape, i + 1, dtype=w.dtype))


def layouts_of(model, tmp):
    from keras.src.legacy.saving import legacy_h5_format
    label_weights(model)
    keras3 = os.path.join(tmp, "x.weights.h5")
    model.save_weights(keras3)
    keras2 = os.path.join(tmp, "x.h5")
    try:
        with h5py.File(keras2, "w") as f:
            legacy_h5_format.save_weights_to_hdf5_group(f, model)
        legacy = layout(keras2)
    except ValueError as e:  # two weights of one layer with one name (Bidirectional over an RNN cell): no legacy file
        legacy = {"error": str(e)}
    return {"weights": len(model.weights), "keras3": layout(keras3), "keras2": legacy}


def model_files():
    """The files in models/ that Python builds whole in the checks: not the benchmark's wide MLP (400 MB; checked on
    demand by export_models.py --big) nor the llm configs (4 to 52 GB; make_transformers.py --check proves them)."""
    models_dir = os.path.join(ROOT, "models")
    return [os.path.join(models_dir, file) for file in sorted(os.listdir(models_dir))
            if not file.startswith(("wide_mlp", "llm_"))]


def generate():
    out = {"keras_version": keras.__version__, "models": {}, "layers": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for path in model_files():
            out["models"][os.path.basename(path)] = layouts_of(build(path), tmp)
        with open(LAYER_TABLE) as f:
            rows = json.load(f)["rows"]
        for row in rows:
            out["layers"][row["row"]] = layouts_of(build(row["config"]), tmp)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if the committed goldens are stale")
    args = parser.parse_args()
    fresh = generate()
    text = json.dumps(fresh, indent=1, sort_keys=True) + "\n"
    if args.check:
        with open(GOLDEN) as f:
            if f.read() != text:
                print(f"{GOLDEN} is stale: run python-parity/weights_files.py")
                sys.exit(1)
        print(f"weights file layouts: {len(fresh['models'])} models and {len(fresh['layers'])} layer rows as"
              f" Keras {fresh['keras_version']} writes them")
        return
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, "w") as f:
        f.write(text)
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
