"""Regenerates torch_rng.json: draws of PyTorch's CPU generator after torch.manual_seed, the
fixture of ../torch_rng_test.ts (run by hand, never by tests).

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 engines/hebbian-rnn/testdata/make_torch_rng.py

Every tensor is float32 or int64; float32 values are written as the doubles they are (exact).
Cases:
- uniform: torch.empty(n).uniform_(lo, hi) and torch.rand(n) after manual_seed(seed);
- randint: torch.randint(lo, hi, (n,)) after manual_seed(seed);
- randn_skip: after manual_seed(seed), torch.randn(n) then torch.rand(4): the four uniforms
  show where the generator stands after the normals (torchSkipRandn must land there too);
- linear: nn.Linear(fan_in, fan_out) weight and bias after manual_seed(seed);
- sc_py: the reference sc.py start for seed 42 (hidden 32, batch 32, sequence 10): its model
  (i2h, h2h, out Linear layers, then three unused randn parameters), then the first batch
  x = randint(0, 2, (32, 10, 1)) and mod_signal = rand(32, 10).
"""
import json
import os

import torch
import torch.nn as nn


def f32(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def ints(t):
    return [int(v) for v in t.reshape(-1).tolist()]


cases = {"uniform": [], "randint": [], "randn_skip": [], "linear": []}

for seed, lo, hi, n in [(42, -0.5, 0.5, 8), (0, 0.0, 1.0, 37), (4294967297, -2.0, 3.0, 5), (123, -0.1, 0.1, 20)]:
    torch.manual_seed(seed)
    u = torch.empty(n, dtype=torch.float32).uniform_(lo, hi)
    r = torch.rand(3)
    cases["uniform"].append({"seed": seed, "lo": lo, "hi": hi, "n": n, "values": f32(u), "then_rand3": f32(r)})

for seed, lo, hi, n in [(42, 0, 2, 6), (7, 0, 2, 40), (7, 0, 10, 25), (99, -3, 1000, 12)]:
    torch.manual_seed(seed)
    cases["randint"].append({"seed": seed, "lo": lo, "hi": hi, "n": n, "values": ints(torch.randint(lo, hi, (n,)))})

for seed, n in [(5, 16), (5, 20), (5, 32), (5, 1024), (11, 1023), (11, 17)]:
    torch.manual_seed(seed)
    torch.randn(n)
    cases["randn_skip"].append({"seed": seed, "n": n, "then_rand4": f32(torch.rand(4))})

for seed, fan_in, fan_out in [(42, 1, 32), (3, 32, 32), (8, 32, 1), (1, 7, 5)]:
    torch.manual_seed(seed)
    lin = nn.Linear(fan_in, fan_out)
    cases["linear"].append({"seed": seed, "fan_in": fan_in, "fan_out": fan_out,
                            "weight": f32(lin.weight), "bias": f32(lin.bias)})

torch.manual_seed(42)
i2h, h2h, out = nn.Linear(1, 32), nn.Linear(32, 32), nn.Linear(32, 1)
torch.randn(1, 32), torch.randn(32, 32), torch.randn(32, 1)
x = torch.randint(0, 2, (32, 10, 1)).float()
mod = torch.rand(32, 10)
cases["sc_py"] = {
    "seed": 42, "hidden": 32, "batch": 32, "seq_len": 10,
    "params": f32(i2h.weight) + f32(i2h.bias) + f32(h2h.weight) + f32(h2h.bias) + f32(out.weight) + f32(out.bias),
    "x": [int(v) for v in f32(x)],
    "mod": f32(mod),
}

doc = {"torch": torch.__version__, "generator": "torch.manual_seed (CPU)", **cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_rng.json")
with open(path, "w") as fh:
    json.dump(doc, fh, separators=(",", ":"))
    fh.write("\n")
print(f"wrote {path} (torch {torch.__version__})")
