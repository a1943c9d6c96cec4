"""Versions of the Python peers for bench/peers.ts: numpy, torch (when imported), and the BLAS
NumPy uses with its thread count (threadpoolctl when importable, else NumPy's build config and
the OPENBLAS_NUM_THREADS the bench sets)."""
import os
import sys


def versions():
    out = {}
    try:
        import numpy as np

        out["numpy"] = np.__version__
    except Exception:  # noqa: BLE001
        return out
    if "torch" in sys.modules:
        import torch

        out["torch"] = torch.__version__
        out["torchThreads"] = torch.get_num_threads()
    try:
        from threadpoolctl import threadpool_info

        info = [
            {k: v for k, v in i.items() if k in ("internal_api", "version", "architecture", "num_threads")}
            for i in threadpool_info()
            if i.get("user_api") == "blas"
        ]
        if info:
            out["blas"] = info
            return out
    except Exception:  # noqa: BLE001
        pass
    try:
        cfg = np.show_config(mode="dicts")  # NumPy >= 1.26
        blas = cfg["Build Dependencies"]["blas"]
        out["blas"] = [{
            "internal_api": blas.get("name"),
            "version": blas.get("version"),
            "num_threads": f"{os.environ.get('OPENBLAS_NUM_THREADS', '?')} (OPENBLAS_NUM_THREADS)",
        }]
    except Exception:  # noqa: BLE001
        out["blas"] = "BLAS not reported (no threadpoolctl, NumPy < 1.26)"
    return out
