"""PyTorch CPU throughput of the RSGN notebook's baselines, same configs as bench.ts.

Models are built from torch modules per the spec (rsgn.md section 5): Linear(D_in->128) +
nn.TransformerEncoder (4 heads, ff 512, dropout 0.1, post-LN) + mean pool + Linear; the sparse-mask
Transformer (MHA + LN, GELU FFN, local+strided boolean mask); 2-layer bidirectional nn.LSTM + Linear on
[h_n[-2], h_n[-1]]; flatten MLP 128-128. One train step = zero_grad, forward, cross-entropy, backward,
clip_grad_norm_(1.0), AdamW(lr 1e-3, wd 1e-4).

Usage: python3 bench_torch.py [--task hierarchical|long-range] [--steps 5] [--threads N] [--json]
Prints a message and exits 0 when torch is not installed.
"""
import argparse
import json
import sys
import time

try:
    import torch
    import torch.nn as nn
except ImportError:
    print("bench_torch.py: torch not installed (Debian: apt-get install python3-torch); skipped")
    sys.exit(0)

TASKS = {"hierarchical": (32, 64, 20, 64), "long-range": (32, 128, 10, 32)}


class Transformer(nn.Module):
    def __init__(self, d_in, classes, layers):
        super().__init__()
        self.embed = nn.Linear(d_in, 128)
        layer = nn.TransformerEncoderLayer(128, 4, 512, batch_first=True)
        self.enc = nn.TransformerEncoder(layer, layers)
        self.head = nn.Linear(128, classes)

    def forward(self, x):
        return self.head(self.enc(self.embed(x)).mean(1))


class SparseTransformer(nn.Module):
    def __init__(self, d_in, classes, layers=2):
        super().__init__()
        self.embed = nn.Linear(d_in, 128)
        self.attn = nn.ModuleList(nn.MultiheadAttention(128, 4, batch_first=True) for _ in range(layers))
        self.ffn = nn.ModuleList(
            nn.Sequential(nn.Linear(128, 512), nn.GELU(), nn.Linear(512, 128)) for _ in range(layers)
        )
        self.n1 = nn.ModuleList(nn.LayerNorm(128) for _ in range(layers))
        self.n2 = nn.ModuleList(nn.LayerNorm(128) for _ in range(layers))
        self.head = nn.Linear(128, classes)

    def forward(self, x):
        t = x.shape[1]
        i = torch.arange(t)
        allowed = ((i[:, None] - i[None, :]).abs() <= 2) | (i[None, :] % 4 == 0)
        mask = ~allowed
        x = self.embed(x)
        for a, f, n1, n2 in zip(self.attn, self.ffn, self.n1, self.n2):
            x = n1(x + a(x, x, x, attn_mask=mask)[0])
            x = n2(x + f(x))
        return self.head(x.mean(1))


class Lstm(nn.Module):
    def __init__(self, d_in, classes):
        super().__init__()
        self.lstm = nn.LSTM(d_in, 128, 2, batch_first=True, bidirectional=True)
        self.head = nn.Linear(256, classes)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(torch.cat([h[-2], h[-1]], -1))


class Mlp(nn.Module):
    def __init__(self, d_in, t, classes):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(), nn.Linear(t * d_in, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
            nn.Linear(128, classes),
        )

    def forward(self, x):
        return self.net(x)


def build(name, task):
    d_in, t, c, _ = TASKS[task]
    if name == "transformer":
        return Transformer(d_in, c, 3 if task == "long-range" else 2)
    if name == "sparse-transformer":
        return SparseTransformer(d_in, c)
    if name == "lstm":
        return Lstm(d_in, c)
    return Mlp(d_in, t, c)


def bench(name, task, steps):
    d_in, t, c, b = TASKS[task]
    torch.manual_seed(0)
    m = build(name, task)
    x = torch.randn(b, t, d_in)
    y = torch.randint(0, c, (b,))
    opt = torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=1e-4)
    lossf = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = lossf(m(x), y)
        loss.backward()
        nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()

    m.train()
    step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    train = steps * b / (time.perf_counter() - t0)
    m.eval()
    with torch.no_grad():
        m(x)
        t0 = time.perf_counter()
        for _ in range(steps):
            m(x)
        ev = steps * b / (time.perf_counter() - t0)
    params = sum(p.numel() for p in m.parameters())
    return {"model": name, "task": task, "batch": b, "params": params,
            "trainSamplesPerSec": train, "evalSamplesPerSec": ev,
            "threads": torch.get_num_threads(), "torch": torch.__version__}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--task", default="hierarchical")
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--models", default="transformer,sparse-transformer,lstm,mlp")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    rows = [bench(n, a.task, a.steps) for n in a.models.split(",")]
    if a.json:
        print(json.dumps(rows, indent=1))
    else:
        for r in rows:
            print(f"{r['model']:20s} {r['task']} B={r['batch']} params={r['params']} "
                  f"train {r['trainSamplesPerSec']:.1f} samples/s  eval {r['evalSamplesPerSec']:.1f} "
                  f"samples/s  (torch {r['torch']}, {r['threads']} threads)")


if __name__ == "__main__":
    main()
