"""PyTorch CPU timing of the faithful RSGN (the same configs as bench/rsgn_speed.ts).

The network is re-stated from ../shared/spec/rsgn.md §1 (positions in the Poincaré ball, W =
σ(UVᵀ)·exp(−d/τ)·softplus(ℓ_i−ℓ_j+1)·(1−I), ignition, K propagation steps with residual +
LayerNorm, neighbourhood normalisation, α-weighted readout, linear head). Prints one JSON line:
{"torch": version, "threads": n, "rows": [...]} or {"skipped": reason} when torch is absent.

Run: python3 bench/compare/rsgn.py [--configs readme,hierarchical,long-range] [--reps 3] [--threads 1]
"""
import argparse
import json
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as e:  # noqa: BLE001
    print(json.dumps({"skipped": f"python3-torch not importable ({e.__class__.__name__}: {e})"}))
    sys.exit(0)

CONFIGS = {
    # name: (classes, d_in, steps, T, B)
    "readme": (10, 64, 5, 32, 64),
    "hierarchical": (20, 32, 5, 64, 64),
    "long-range": (10, 32, 7, 128, 32),
}


def project(x, m, eps=1e-5):
    n = x.norm(dim=-1, keepdim=True)
    return x * torch.where(n >= 1, m / (n + eps), torch.ones_like(n))


class Rsgn(nn.Module):
    def __init__(self, classes, d_in, steps, n=256, h=128, s=3, r=32):
        super().__init__()
        self.steps = steps
        self.pos = nn.Parameter(torch.randn(n, s) * 0.3)
        self.theta = nn.Parameter(torch.full((n,), 0.5))
        self.lev = nn.Parameter(torch.linspace(0, 1, n))
        self.u = nn.Parameter(torch.randn(n, r) * 0.01)
        self.v = nn.Parameter(torch.randn(n, r) * 0.01)
        self.e1 = nn.Linear(d_in, 4 * s)
        self.e2 = nn.Linear(4 * s, s)
        self.scale = nn.Parameter(torch.tensor(0.7))
        self.wh = nn.Linear(h, h)
        self.ln = nn.LayerNorm(h)
        self.init = nn.Linear(d_in, h)
        self.head = nn.Linear(h, classes)

    def forward(self, x):
        p = project(self.pos, 0.95)
        sq = (p * p).sum(-1)
        d2 = ((p[:, None, :] - p[None, :, :]) ** 2).sum(-1)
        arg = 1 + 2 * d2 / ((1 - sq[:, None]) * (1 - sq[None, :]) + 1e-5)
        dist = torch.acosh(torch.clamp(arg, min=1 + 1e-5))
        n = p.shape[0]
        w = torch.sigmoid(self.u @ self.v.T) * torch.exp(-dist) * F.softplus(
            self.lev[:, None] - self.lev[None, :] + 1) * (1 - torch.eye(n))
        sparks = project(torch.tanh(self.e2(F.gelu(self.e1(x)))) * self.scale, 0.9)
        e = ((sparks[:, :, None, :] - p[None, None, :, :]) ** 2).sum(-1)
        alpha = torch.exp(-e.min(dim=1)[0] / 0.32)
        h = self.init(x.mean(1))[:, None, :].expand(-1, n, -1) * alpha[..., None]
        pd = p.detach()
        nb = (torch.cdist(pd, pd) < 0.3).float()
        cnt = nb.sum(1)
        for _ in range(self.steps):
            ht = h * (alpha * (alpha > 0.01).float())[..., None]
            hn = self.wh(torch.einsum("ji,bjd->bid", w, ht))
            an = torch.sigmoid(alpha + 0.1 * hn.norm(dim=-1) - self.theta)
            h = self.ln(hn + h) * an[..., None]
            alpha = torch.clamp(an * cnt / (an @ nb.T + 1e-6), 0, 1)
        return self.head((h * alpha[..., None]).sum(1))


def median(fn, reps):
    fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    ts.sort()
    return ts[len(ts) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", default="readme,hierarchical,long-range")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    rows = []
    for name in a.configs.split(","):
        classes, d_in, steps, T, B = CONFIGS[name]
        m = Rsgn(classes, d_in, steps)
        x = torch.sin(torch.arange(B * T * d_in, dtype=torch.float32) * 0.37).reshape(B, T, d_in) * 0.5
        y = torch.arange(B) % classes
        opt = torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=1e-4)

        def fwd():
            with torch.no_grad():
                m(x)

        def train():
            opt.zero_grad()
            loss = F.cross_entropy(m(x), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
            opt.step()

        tf, tt = median(fwd, a.reps), median(train, a.reps)
        rows.append({"config": name, "variant": "faithful", "batch": B,
                     "forwardSamplesPerS": B / tf, "trainSamplesPerS": B / tt})
    print(json.dumps({"torch": torch.__version__, "threads": a.threads, "rows": rows}))


if __name__ == "__main__":
    main()
