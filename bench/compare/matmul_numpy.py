"""NumPy f32 square matmul for bench/peers.ts: best time of --reps products of two n x n
float32 matrices (np.matmul, i.e. the BLAS SGEMM NumPy loaded). Prints one JSON line."""
import argparse
import json
import sys
import time

try:
    import numpy as np
except Exception as e:  # noqa: BLE001
    print(json.dumps({"skipped": f"numpy not importable ({e.__class__.__name__}: {e})"}))
    sys.exit(0)

from peer_info import versions  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=1024)
ap.add_argument("--reps", type=int, default=5)
a = ap.parse_args()
rng = np.random.default_rng(0)
x = rng.uniform(-1, 1, (a.n, a.n)).astype(np.float32)
w = rng.uniform(-1, 1, (a.n, a.n)).astype(np.float32)
x @ w
best = float("inf")
for _ in range(a.reps):
    t0 = time.perf_counter()
    x @ w
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"n": a.n, "ms": best * 1e3, "gflops": 2 * a.n ** 3 / best / 1e9, **versions()}))
