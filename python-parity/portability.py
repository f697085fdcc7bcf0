"""Which values are the same bits on every machine, which depend on the CPU, and the bound for the latter.

This module is the one home of that rule and of the bounds. generate_goldens.py and export_models.py write its
verdict into every golden ("machine_dependent": a bound's name, absent for portable values) and copy BOUNDS into
the manifest, so the Java tests (src/test/java/.../parity/MachineBound.java) apply the same numbers.

Portable: stateless Philox draws, constants, identity, Keras' scale and shift, dtype casts. These depend only on
integer and basic IEEE arithmetic and are compared byte for byte everywhere; a difference is a bug.

Machine-dependent (found by following every initializer's ops; see README "What is exact"):
  qr          Orthogonal in float32/float64. TF's Qr kernel (Eigen's Householder QR, blocked matrix products) takes
              other code paths with other vector instructions, so Python Keras itself gives other bits on another
              CPU. TF-Java runs the same kernel, so on one machine keras-init and Keras are bit-equal.
  qr_float16  Orthogonal in float16: the same, and TF 2.18's float16 Qr (TF-Java 1.1) also rounds differently
              from TF 2.21's (Python), so even on one machine the two differ by a few float16 ulp.
  stft        STFT: its windows come from scipy/numpy (cos, exp, power, sums over the window) whose SIMD kernels
              depend on the CPU, keras-init computes the windows in Java (glibc's cos through TF, fdlibm's exp),
              and the kernel itself goes through TF's cos/sin and a sum, which are CPU-dependent in float64.

The bound: max |ours - golden| <= max_rel_eps * eps(dtype) * max |golden| (NaN and infinities must sit at the same
places with the same values), and for Orthogonal also: the orthogonality error max |G / mean(diag G) - I| of
G = Q^T Q (or Q Q^T, the smaller) exceeds the golden's by at most the same number of eps. Each bound is a power of
two above the largest spread measured; "measured" says where.
"""
from collections import namedtuple

import numpy as np

# ok: within the bound; eps: the largest difference in eps of the largest magnitude; detail: one line for a person
Verdict = namedtuple("Verdict", "ok eps detail")

BOUNDS = {
    "qr": {
        "max_rel_eps": 64,
        "why": "TF's Qr kernel (Eigen) takes CPU-dependent code paths; Python Keras itself differs across CPUs",
        "measured": "x86-64-v3 vs x86-64-v4 (AVX-512), Python Keras and keras-init alike: 3.9 eps at 64x128, "
                    "5.7 eps at 256x512; orthogonality error 6.3 vs 8.4 eps",
        "live": "bit-exact",  # TF-Java and TF Python run the same Qr kernel on the same machine
    },
    "qr_float16": {
        "max_rel_eps": 32,
        "why": "TF 2.18's float16 Qr (TF-Java 1.1) rounds differently from TF 2.21's (Python), on any CPU",
        "measured": "keras-init vs Python Keras on one machine: up to 14.7 eps (64x64); Python Keras on "
                    "x86-64-v3 vs x86-64-v4: bit-equal",
        "live": "bound",
    },
    "stft": {
        "max_rel_eps": 8,
        "why": "scipy/numpy windows (cos, exp, sums) and TF's float64 cos/sin depend on the CPU's vector "
               "instructions; keras-init computes the windows in Java",
        "measured": "x86-64-v3 vs x86-64-v4: up to 1.4 eps (taylor, float64); keras-init vs numpy on one "
                    "machine: up to 0.52 eps (parzen, float64)",
        "live": "bound",
    },
}

EPS = {"float16": 2.0 ** -10, "bfloat16": 2.0 ** -7, "float32": 2.0 ** -23, "float64": 2.0 ** -52}


def bound_of(class_name, dtype):
    """The bound's name for values of Keras class `class_name` in `dtype`, or None when they are portable."""
    if class_name == "Orthogonal" and dtype in EPS:
        return "qr_float16" if dtype == "float16" else "qr"
    if class_name == "STFT" and dtype in EPS:
        return "stft"
    return None


def as_float64(array, dtype):
    """Values as float64; bfloat16 arrives as its uint16 bits (how the goldens store it)."""
    array = np.asarray(array)
    if dtype == "bfloat16":
        bits = array.view(np.uint16) if array.dtype.name == "bfloat16" else array.astype(np.uint16)
        return (bits.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    return array.astype(np.float64)


def orthogonality_error(q):
    """max |G / mean(diag G) - I| for the smaller Gram matrix of q seen as (rows, last dim): gain-free."""
    if q.size == 0:
        return 0.0
    m = q.reshape(-1, q.shape[-1])
    gram = m.T @ m if m.shape[0] >= m.shape[1] else m @ m.T
    scale = float(np.mean(np.diag(gram)))
    if scale == 0:
        return float("inf")
    return float(np.max(np.abs(gram / scale - np.eye(gram.shape[0]))))


def within(bound, dtype, golden, ours):
    """A Verdict for `ours` against `golden` under the named bound; both arrays of the golden's dtype."""
    g = as_float64(golden, dtype)
    o = as_float64(ours, dtype)
    if g.shape != o.shape:
        return Verdict(False, float("inf"), f"shape {list(o.shape)} vs {list(g.shape)}")
    special = ~np.isfinite(g)
    if not np.array_equal(special, ~np.isfinite(o)) or not np.array_equal(g[special], o[special], equal_nan=True):
        return Verdict(False, float("inf"), "NaN or infinity at other places")
    g, o = g[~special], o[~special]
    eps = EPS[dtype]
    limit = BOUNDS[bound]["max_rel_eps"]
    scale = float(np.max(np.abs(g))) if g.size else 0.0
    diff = float(np.max(np.abs(o - g))) if g.size else 0.0
    rel = diff / (scale * eps) if scale else (0.0 if diff == 0 else float("inf"))
    if rel > limit:
        return Verdict(False, rel, f"max abs difference {diff:.3g} = {rel:.3g} eps of the largest magnitude > {limit}")
    detail = f"{rel:.3g} eps"
    if bound.startswith("qr") and special.sum() == 0 and golden.size:
        shape = np.asarray(golden).shape
        ortho = (orthogonality_error(o.reshape(shape)) - orthogonality_error(g.reshape(shape))) / eps
        if ortho > limit:
            return Verdict(False, rel, f"orthogonality error exceeds Keras' by {ortho:.3g} eps > {limit}")
        detail += f", orthogonality +{max(ortho, 0):.3g} eps"
    return Verdict(True, rel, detail)


def cpu_class():
    """The CPU class as numpy sees it: its dispatch targets found and not found on this machine."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    found = [t for t in __cpu_dispatch__ if __cpu_features__.get(t)]
    missing = [t for t in __cpu_dispatch__ if not __cpu_features__.get(t)]
    return f"numpy SIMD found: {' '.join(found) or 'none'}; not found: {' '.join(missing) or 'none'}"
