"""Regenerates data_goldens.json with NumPy's legacy RandomState (run by hand, never by tests).

Each generator below re-states the reference's data recipe (HasiHays/RSGN src/utils.py and
RSGN-colab.ipynb cell 6) as described in ../../../../shared/spec/rsgn.md §4.
"""
import json
import numpy as np


def src_hier(n, T, D, C, noise, seed):
    np.random.seed(seed)
    X = np.random.randn(n, T, D) * noise
    y = np.random.randint(0, C, n)
    L1 = np.random.randn(C, 5, 3, D) * 0.5
    L2 = np.random.randn(C, 3, D) * 0.3
    L3 = np.random.randn(C, D) * 0.2
    for i in range(n):
        c = y[i]
        for _ in range(3):
            pos = np.random.randint(0, max(1, T - 3))
            k = np.random.randint(0, 5)
            e = min(pos + 3, T)
            X[i, pos:e] += L1[c, k, :e - pos]
        for p in range(3):
            pos = (T // 3) * p + np.random.randint(0, max(1, T // 6))
            pos = min(pos, T - 1)
            X[i, pos] += L2[c, p]
        X[i] += L3[c] * 0.1
    return X.astype(np.float32), y.astype(np.int64)


def nb_hier(n, T, D, C, noise, seed):
    np.random.seed(seed)
    X = np.random.randn(n, T, D) * noise
    y = np.random.randint(0, C, n)
    L1 = np.random.randn(C, 8, 5, D) * 0.15
    L2 = np.random.randn(C, 4, D) * 0.10
    L3 = np.random.randn(C, D) * 0.08
    for i in range(n):
        c = y[i]
        for _ in range(np.random.randint(2, 5)):
            pos = np.random.randint(0, max(1, T - 5))
            k = np.random.randint(0, 8)
            e = min(pos + 5, T)
            X[i, pos:e] += L1[c, k, :e - pos]
        for p in range(4):
            pos = (T // 4) * p + np.random.randint(0, max(1, T // 8))
            pos = min(pos, T - 1)
            X[i, pos] += L2[c, p]
        X[i] += L3[c] * 0.05
    return X.astype(np.float32), y.astype(np.int64)


def long_range(n, T, D, C, seed):
    np.random.seed(seed)
    X = np.random.randn(n, T, D) * 0.3
    y = np.zeros(n, dtype=np.int64)
    B = np.random.randn(C, 8, D) * 0.5
    E = np.random.randn(C, 8, D) * 0.5
    for i in range(n):
        c = np.random.randint(0, C)
        y[i] = c
        X[i, :8] += B[c]
        X[i, -8:] += E[c]
    return X.astype(np.float32), y


def full(X, y):
    return {"X": [float(v) for v in X.ravel()], "y": [int(v) for v in y]}


def summary(X, y):
    return {
        "y12": [int(v) for v in y[:12]],
        "x0": [float(v) for v in X[0, 0, :3]],
        "sum": float(X.astype(np.float64).sum()),
        "last": float(X.ravel()[-1]),
        "ySum": int(y.sum()),
    }


out = {
    "small": {
        "srcHierarchical": {"args": [7, 11, 5, 4, 0.1, 3], **full(*src_hier(7, 11, 5, 4, 0.1, 3))},
        "hierarchical": {"args": [6, 13, 3, 5, 0.3, 7], **full(*nb_hier(6, 13, 3, 5, 0.3, 7))},
        "longRange": {"args": [5, 17, 3, 4, 11], **full(*long_range(5, 17, 3, 4, 11))},
    },
    "large": {
        "srcHierarchical": {"args": [5000, 32, 64, 10, 0.1, 42], **summary(*src_hier(5000, 32, 64, 10, 0.1, 42))},
        "hierarchical": {"args": [5000, 64, 32, 20, 0.3, 42], **summary(*nb_hier(5000, 64, 32, 20, 0.3, 42))},
        "longRange": {"args": [3000, 128, 32, 10, 42], **summary(*long_range(3000, 128, 32, 10, 42))},
    },
}
np.random.seed(42)
p = np.random.permutation(5000)
np.random.seed(42)
q = np.random.permutation(3000)
out["split"] = {"perm5000": [int(v) for v in p[:20]], "perm5000Last": [int(v) for v in p[-5:]],
                "perm3000": [int(v) for v in q[:20]]}
with open(__file__.replace("make_goldens.py", "data_goldens.json"), "w") as f:
    json.dump(out, f)
print(json.dumps(out["large"], indent=1))
