"""NumPy transcription of the GENREG workloads timed by bench/peers.ts (same data, same shapes).

The controller is the one of /work/shared/spec/genreg.md and engines/genreg/network.ts:
h_j = tanh(b1_j + sum_i W1_ji x_i), y = tanh(b2 + sum_j w2_j h_j); the ultra-sparse net reads
K = 2 inputs per hidden unit (genome [idx (8x2), W1 (8x2), b1 (8), w2 (8), b2], 49 genes, 33
parameters). Simulated annealing as GENREG-sine `train_sa` and engines/genreg: mutant =
mutate(current) (every weight gene with probability 0.1 gets + N(0, 0.1^2); each unit with
probability 0.05 replaces the input at a random slot by one it does not read yet), full forward
pass over the 100 points, accept if delta > 0 or u < exp(delta / T), T = t0 (t1/t0)^(t/steps).
The random streams are NumPy's (PCG64), not the engine's Threefry, so the chain differs from
ours draw for draw; the work per step is the same.

Subcommands (each prints one JSON line; data files are raw little-endian float64 written by
bench/peers.ts into --dir: x.f64 (100x256 row-major), y.f64 (100), dense.f64 (2065),
sparse.f64 (49)):
  dense  --dir D [--reps R]   dense 256->8->1 forward + MSE, batch 100 (median us per call)
  sa     --dir D [--steps N] [--seed S]   one ultra-sparse SA trial (seconds, best MSE)
  infer  --dir D [--reps R]   ultra-sparse inference, batch 1 (median us per sample)
"""
import argparse
import json
import os
import sys
import time

try:
    import numpy as np
except Exception as e:  # noqa: BLE001
    print(json.dumps({"skipped": f"numpy not importable ({e.__class__.__name__}: {e})"}))
    sys.exit(0)

from peer_info import versions  # noqa: E402  (bench/compare/peer_info.py)

H, K, D = 8, 2, 256


def load(d):
    x = np.fromfile(os.path.join(d, "x.f64"), dtype="<f8").reshape(100, D)
    y = np.fromfile(os.path.join(d, "y.f64"), dtype="<f8")
    return x, y


def dense_mse(g, x, y):
    w1 = g[: H * D].reshape(H, D)
    b1 = g[H * D: H * D + H]
    w2 = g[H * D + H: H * D + 2 * H]
    b2 = g[H * D + 2 * H]
    h = np.tanh(x @ w1.T + b1)
    pred = np.tanh(h @ w2 + b2)
    return np.mean((pred - y) ** 2)


def sparse_parts(g):
    idx = g[: H * K].astype(np.int64).reshape(H, K)
    return idx, g[16:32].reshape(H, K), g[32:40], g[40:48], g[48]


def sparse_mse(g, x, y):
    idx, w1, b1, w2, b2 = sparse_parts(g)
    h = np.tanh((x[:, idx] * w1).sum(-1) + b1)
    pred = np.tanh(h @ w2 + b2)
    return np.mean((pred - y) ** 2)


def mutate(g, rng, rate=0.1, scale=0.1, index_rate=0.05):
    m = g.copy()
    w = m[H * K:]
    w += (rng.random(w.shape[0]) < rate) * rng.normal(0.0, scale, w.shape[0])
    for j in range(H):
        if rng.random() < index_rate:
            pos = rng.integers(K)
            cur = m[j * K: (j + 1) * K]
            free = np.setdiff1d(np.arange(D), cur)
            m[j * K + pos] = free[rng.integers(free.shape[0])]
    return m


def median_per_call(fn, reps, inner):
    fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        ts.append((time.perf_counter() - t0) / inner)
    ts.sort()
    return ts[len(ts) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["dense", "sa", "infer"])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    x, y = load(a.dir)
    out = {"cmd": a.cmd, **versions()}
    if a.cmd == "dense":
        g = np.fromfile(os.path.join(a.dir, "dense.f64"), dtype="<f8")
        out["mse"] = float(dense_mse(g, x, y))
        out["usPerCall"] = median_per_call(lambda: dense_mse(g, x, y), a.reps, 2000) * 1e6
    elif a.cmd == "infer":
        g = np.fromfile(os.path.join(a.dir, "sparse.f64"), dtype="<f8")
        idx, w1, b1, w2, b2 = sparse_parts(g)
        pred = np.empty(100)

        def infer_all():
            for s in range(100):
                xs = x[s]
                h = np.tanh((xs[idx] * w1).sum(-1) + b1)
                pred[s] = np.tanh(h @ w2 + b2)

        out["usPerSample"] = median_per_call(infer_all, a.reps, 20) * 1e6 / 100
        infer_all()
        out["checksum"] = float(pred.sum())
    else:
        rng = np.random.default_rng(a.seed)
        g0 = np.fromfile(os.path.join(a.dir, "sparse.f64"), dtype="<f8")
        t0s, t1s = 0.01, 1e-5
        decay = (t1s / t0s) ** (1.0 / a.steps)
        t0 = time.perf_counter()
        cur = g0.copy()
        f_cur = -sparse_mse(cur, x, y)
        best, f_best = cur.copy(), f_cur
        accepted = 0
        for t in range(a.steps):
            m = mutate(cur, rng)
            f = -sparse_mse(m, x, y)
            delta = f - f_cur
            if delta > 0 or rng.random() < np.exp(delta / (t0s * decay ** t)):
                cur, f_cur = m, f
                accepted += 1
                if f > f_best:
                    best, f_best = m.copy(), f
        out["seconds"] = time.perf_counter() - t0
        out["steps"] = a.steps
        out["bestMse"] = float(-f_best)
        out["accepted"] = accepted
    print(json.dumps(out))


if __name__ == "__main__":
    main()
