"""PyTorch CPU baseline for the Mode A Hebbian RNN (the reference model of
Ria-Chaudhry/Hebbian-RNN-Model-, sc.py): same sizes (input 1, hidden 32, output 1,
sequence 10, batch 32), same forward, MSE, Adam lr 0.01. Prints training throughput in
sequences per second (forward + backward + Adam step), after a warm-up, as JSON.

Run with the Debian interpreter that has python3-torch: `/usr/bin/python3 bench/compare/hebbian_rnn_torch.py`.
Skips with a message (exit 0) when torch is not importable.

Options: --epochs N (timed epochs, default 300), --threads N (torch.set_num_threads, default 1),
--seed S, --losses (also print the first losses of a fresh --seed run, to compare curves).
"""
import argparse
import json
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as e:  # pragma: no cover - environment dependent
    print(json.dumps({"skipped": True, "reason": f"torch not importable: {e}"}))
    sys.exit(0)


class HebbianRNN(nn.Module):
    """h_t = tanh(i2h(x_t) + h2h(h) + Hebb h); Hebb = (1-eta) Hebb + eta m outer(h_{t-1}, h_t)."""

    def __init__(self, input_size, hidden_size, output_size, eta=0.1):
        super().__init__()
        self.hidden_size = hidden_size
        self.eta = eta
        self.i2h = nn.Linear(input_size, hidden_size)
        self.h2h = nn.Linear(hidden_size, hidden_size)
        self.out = nn.Linear(hidden_size, output_size)
        # The reference also creates three unused randn parameters; drawing them keeps the
        # generator aligned with sc.py so --losses compares the same run.
        self.W_in = nn.Parameter(torch.randn(input_size, hidden_size) * 0.1, requires_grad=False)
        self.W_rec = nn.Parameter(torch.randn(hidden_size, hidden_size) * 0.1, requires_grad=False)
        self.W_out = nn.Parameter(torch.randn(hidden_size, output_size) * 0.1, requires_grad=True)

    def forward(self, x_seq, mod):
        b, t_len, _ = x_seq.size()
        h = torch.zeros(b, self.hidden_size)
        hebb = torch.zeros(b, self.hidden_size, self.hidden_size)
        outs = []
        for t in range(t_len):
            m = mod[:, t].view(-1, 1, 1)
            h_new = torch.tanh(self.i2h(x_seq[:, t, :]) + self.h2h(h) + torch.bmm(hebb, h.unsqueeze(2)).squeeze(2))
            hebb = (1 - self.eta) * hebb + self.eta * m * torch.bmm(h.unsqueeze(2), h_new.unsqueeze(1))
            h = h_new
            outs.append(h)
        return self.out(torch.stack(outs, dim=1))


def batch(b, t_len):
    x = torch.randint(0, 2, (b, t_len, 1)).float()
    y = torch.roll(x, shifts=-1, dims=1)
    y[:, -1, :] = 0
    return x, y


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--losses", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = HebbianRNN(1, 32, 1)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=0.01)
    B, T = 32, 10
    losses = []

    def epoch():
        x, y = batch(B, T)
        with torch.no_grad():
            mod = torch.rand(B, T)
        loss = F.mse_loss(model(x, mod), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())

    for _ in range(30):  # warm-up
        epoch()
    t0 = time.perf_counter()
    for _ in range(a.epochs):
        epoch()
    dt = time.perf_counter() - t0
    out = {
        "impl": "pytorch",
        "torch": torch.__version__,
        "threads": a.threads,
        "epochs": a.epochs,
        "seconds": dt,
        "sequencesPerSecond": a.epochs * B / dt,
    }
    if a.losses:
        out["firstLosses"] = losses[:5]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
