"""NumPy transcription of the `sorn` package's network step with plasticity (Saran-nns/sorn,
`sorn/sorn.py` `Simulator_.run` and `Plasticity`, `sorn/utils.py` `Initializer`), written from the
equations audited in /work/shared/spec/sorn.md; used by bench/peers.ts (speed row) and as the
generator of engines/sorn/testdata/numpy_reference.json (statistics compared in distribution by
engines/sorn/reference_numpy_test.ts).

Model (Lazar, Pipa & Triesch 2009; reference defaults): weights stored W[pre, post].
  x' = H(Wee^T x - Wei^T y + xi_e + u - Te),  y' = H(Wie^T x + xi_i - Ti),  xi ~ N(0, 0.04^2),
  u = U(0,1) on excitatory neurons 0..nu-1 (zero elsewhere), H(v) = [v > 0];
then, in this order:
  1. STDP on existing E->E synapses: dW[j,i] = eta_stdp (x'_i x_j - x_i x'_j), clip [0, 1]
     (a weight clipped to 0 no longer exists);
  2. IP: Te += eta_ip (x' - h_ip), h_ip = 2 nu / ne (the reference ignores mu_ip), clip [0, 1];
  3. structural plasticity: with p = 0.1 (the reference's randint(0, 10) == 0) one absent
     off-diagonal E->E pair chosen uniformly gets weight 0.001;
  4. iSTDP on existing I->E synapses: dWei[k,i] = -eta_inhib y_k (1 - x'_i (1 + 1/mu_ip)),
     clip [0, 1];
  5. synaptic normalisation: every column of Wee and Wei divided by its sum.
Wie is not plastic. Init: each excitatory neuron gets int(N(20, 1)) distinct presynaptic
partners (no self), each inhibitory neuron int(N(40, 1)) distinct excitatory targets, Wie dense,
weights U(0, 0.1); a column without inputs gets two random ones (reference
`zero_sum_incoming_check`); every column normalised; Te ~ U(0, 1), Ti ~ U(0, 0.5); x = y = 0.

Departures from the reference, all listed as reference bugs in the spec or irrelevant to the
dynamics: a column summing to 0 stays 0 under normalisation (the reference divides by zero and
produces NaN); `zero_sum_incoming_check` never adds a self-connection to Wee; the reference's
per-synapse Python loops for STDP/iSTDP are written as masked array expressions (same
arithmetic, element for element); no per-step history is kept (the reference stores every
matrix of every step). Random numbers are NumPy's PCG64 (`default_rng(seed)`), not the
reference's global `np.random`/`random` streams nor our engine's Threefry, so runs agree with
ours in distribution only.

Usage (Debian's /usr/bin/python3 with python3-numpy):
  sorn_numpy.py --fixture OUT.json --seeds 1,2,3,4,5 --steps N   per-seed statistics after N steps
  sorn_numpy.py [--speed] [--quick] [--ne 200]   speed: last stdout line is
      {"ne": 200, "stepsPerSecond": X, "numpy": "<version>", ...} after a 2,000-step warm-up
"""
import argparse
import json
import sys
import time

try:
    import numpy as np
except Exception as e:  # noqa: BLE001
    print(json.dumps({"skipped": f"numpy not importable ({e.__class__.__name__}: {e})"}))
    sys.exit(0)

from peer_info import versions  # noqa: E402  (bench/compare/peer_info.py)

# Reference defaults (sorn/sorn.py class Sorn, Simulator_.run).
DEFAULTS = {
    "ne": 200,
    "ni": 40,
    "nu": 10,
    "lambda_ee": 20,
    "lambda_ei": 40,
    "eta_stdp": 0.004,
    "eta_inhib": 0.001,
    "eta_ip": 0.01,
    "te_min": 0.0,
    "te_max": 1.0,
    "ti_min": 0.0,
    "ti_max": 0.5,
    "mu_ip": 0.1,
    "noise_sigma": 0.04,
    "sp_prob": 0.1,
    "sp_weight": 0.001,
    "w_init_max": 0.1,
    "w_max": 1.0,
    "input": "uniform",
}

# Windows of the summary statistics (engines/sorn/state.ts, population.ts).
POPULATION_WINDOW = 2000
FIRST_STEPS = 500
FANO_BIN = 10


def normalise_columns(w):
    """Synaptic normalisation: each column (a neuron's incoming weights) / its sum; empty stays 0."""
    s = w.sum(axis=0)
    np.divide(w, s, out=w, where=s > 0)


def zero_sum_fix(w, rng, wmax, no_self):
    """Reference `zero_sum_incoming_check`: a column with no input gets two random rows among the
    first int(0.2 * rows), weights U(0, wmax) (self-connections skipped for Wee)."""
    rows = w.shape[0]
    for col in np.flatnonzero(w.sum(axis=0) == 0.0):
        idx = rng.integers(max(1, int(rows * 0.2)), size=2)
        vals = rng.uniform(0.0, wmax, 2)
        for r, v in zip(idx, vals):
            if no_self and r == col:
                continue
            w[r, col] = v


def init(c, rng):
    ne, ni, wmax = c["ne"], c["ni"], c["w_init_max"]
    # Reference generate_lambd_connections("EE"): int(N(lambda, 1)) incoming partners, no self.
    wee = np.zeros((ne, ne))
    deg = np.clip(rng.normal(c["lambda_ee"], 1.0, ne).astype(int), 0, ne - 1)
    for i in range(ne):
        others = np.delete(np.arange(ne), i)
        pre = rng.choice(others, size=deg[i], replace=False)
        wee[pre, i] = rng.uniform(0.0, wmax, deg[i])
    # "EI": int(N(lambda, 1)) outgoing excitatory targets per inhibitory neuron.
    wei = np.zeros((ni, ne))
    deg = np.clip(rng.normal(c["lambda_ei"], 1.0, ni).astype(int), 0, ne)
    for k in range(ni):
        post = rng.choice(ne, size=deg[k], replace=False)
        wei[k, post] = rng.uniform(0.0, wmax, deg[k])
    # "IE": dense.
    wie = rng.uniform(0.0, wmax, (ne, ni))
    zero_sum_fix(wee, rng, wmax, True)
    zero_sum_fix(wei, rng, wmax, False)
    zero_sum_fix(wie, rng, wmax, False)
    for w in (wee, wei, wie):
        normalise_columns(w)
    te = rng.uniform(c["te_min"], c["te_max"], ne)
    ti = rng.uniform(c["ti_min"], c["ti_max"], ni)
    return {
        "wee": wee, "wei": wei, "wie": wie, "te": te, "ti": ti,
        "x": np.zeros(ne), "y": np.zeros(ni),
    }


class Sorn:
    """The network, its parameters and running spike counts (no history)."""

    def __init__(self, c, seed):
        self.c = c
        self.rng = np.random.default_rng(seed)
        self.s = init(c, self.rng)
        ne = c["ne"]
        self.h_ip = 2.0 * c["nu"] / ne  # reference Plasticity.h_ip
        self.off_diag = ~np.eye(ne, dtype=bool)
        self.u = np.zeros(ne)
        self.buf_a = np.zeros((ne, ne))
        self.buf_dw = np.zeros((ne, ne))
        self.buf_mask = np.zeros((ne, ne), dtype=bool)
        self.steps = 0
        self.spikes_e = 0.0
        self.spikes_i = 0.0
        self.first_spikes_e = 0.0
        self.pop_e = []  # per-step excitatory counts (only the last POPULATION_WINDOW kept)
        self.ee_trajectory = [int(np.count_nonzero(self.s["wee"]))]

    def step(self):
        c, s, rng = self.c, self.s, self.rng
        ne, ni, nu = c["ne"], c["ni"], c["nu"]
        x, y = s["x"], s["y"]
        sigma = c["noise_sigma"]
        xi_e = rng.normal(0.0, sigma, ne)
        xi_i = rng.normal(0.0, sigma, ni)
        if c["input"] == "uniform" and nu > 0:
            self.u[:nu] = rng.random(nu)
        # x' = H(Wee^T x - Wei^T y + xi_e + u - Te)   (reference excitatory_network_state)
        x_new = (x @ s["wee"] - y @ s["wei"] + xi_e + self.u - s["te"] > 0).astype(float)
        # y' = H(Wie^T x + xi_i - Ti)   (reference inhibitory_network_state)
        y_new = (x @ s["wie"] + xi_i - s["ti"] > 0).astype(float)

        # 1. STDP (reference Plasticity.stdp): dW[j,i] = eta (x'_i x_j - x_i x'_j) on W != 0;
        # with A = outer(x, x'), dW = eta (A - A^T). Preallocated buffers: no per-step temporaries
        # of ne^2 doubles (those cost more in page faults than in arithmetic).
        wee = s["wee"]
        a, dw, exists = self.buf_a, self.buf_dw, self.buf_mask
        np.outer(x, x_new, out=a)
        np.subtract(a, a.T, out=dw)
        np.not_equal(wee, 0.0, out=exists)
        np.multiply(dw, exists, out=dw)
        dw *= c["eta_stdp"]
        wee += dw
        np.clip(wee, 0.0, c["w_max"], out=wee)
        # 2. IP (reference Plasticity.ip): Te += eta_ip (x' - h_ip), clipped to [te_min, te_max].
        te = s["te"]
        te += c["eta_ip"] * (x_new - self.h_ip)
        np.clip(te, c["te_min"], c["te_max"], out=te)
        # 3. Structural plasticity (reference structural_plasticity): p = 0.1, uniform absent pair.
        if rng.random() < c["sp_prob"]:
            absent = np.flatnonzero((wee <= 0.0) & self.off_diag)
            if absent.size:
                wee.flat[absent[rng.integers(absent.size)]] = c["sp_weight"]
        # 4. iSTDP (reference Plasticity.istdp): dWei[k,i] = -eta y_k (1 - x'_i (1 + 1/mu)).
        wei = s["wei"]
        exists = wei != 0.0
        dwi = -c["eta_inhib"] * np.outer(y, 1.0 - x_new * (1.0 + 1.0 / c["mu_ip"]))
        wei += np.where(exists, dwi, 0.0)
        np.clip(wei, 0.0, c["w_max"], out=wei)
        # 5. Synaptic normalisation (reference Plasticity.ss) of Wee and Wei.
        normalise_columns(wee)
        normalise_columns(wei)

        s["x"], s["y"] = x_new, y_new
        self.steps += 1
        ce = float(x_new.sum())
        self.spikes_e += ce
        self.spikes_i += float(y_new.sum())
        if self.steps <= FIRST_STEPS:
            self.first_spikes_e += ce
        self.pop_e.append(ce)
        if len(self.pop_e) > 2 * POPULATION_WINDOW:
            del self.pop_e[:-POPULATION_WINDOW]
        if self.steps % 500 == 0:
            self.ee_trajectory.append(int(np.count_nonzero(wee)))

    def summary(self):
        """The scalar figures of our engine's `stateSummary` (engines/sorn/stats.ts)."""
        s, c = self.s, self.c
        w = s["wee"][s["wee"] > 0.0]
        logw = np.log(w)
        pop = np.array(self.pop_e[-POPULATION_WINDOW:])
        nb = pop.size // FANO_BIN
        bins = pop[pop.size - nb * FANO_BIN:].reshape(nb, FANO_BIN).sum(axis=1)
        a, b = pop[:-1], pop[1:]
        return {
            "t": self.steps,
            "meanRateE": self.spikes_e / (self.steps * c["ne"]),
            "meanRateI": self.spikes_i / (self.steps * c["ni"]),
            "rateELastWindow": float(pop.mean()) / c["ne"],
            "rateEFirst500": self.first_spikes_e / (min(self.steps, FIRST_STEPS) * c["ne"]),
            "eeConnections": int(w.size),
            "eiConnections": int(np.count_nonzero(s["wei"])),
            "teMean": float(s["te"].mean()),
            "tiMean": float(s["ti"].mean()),
            "weeMean": float(w.mean()),
            "weeLognormalMu": float(logw.mean()),
            "weeLognormalSigma": float(logw.std()),
            "fanoPopulation": float(bins.var() / bins.mean()),
            "countAutocorrLag1": float(np.corrcoef(a, b)[0, 1]),
            "eeTrajectory": list(self.ee_trajectory),
        }


def fixture(out, seeds, steps):
    c = dict(DEFAULTS)
    t0 = time.time()
    runs = []
    for seed in seeds:
        net = Sorn(c, seed)
        for _ in range(steps):
            net.step()
        runs.append({"seed": seed, **net.summary()})
        print(f"seed {seed}: {json.dumps(runs[-1])}", file=sys.stderr)
    doc = {
        "description": "Per-seed statistics of bench/compare/sorn_numpy.py (NumPy transcription of "
        "the sorn package's plasticity step) after `steps` steps from init, uniform input; compared "
        "in distribution by engines/sorn/reference_numpy_test.ts.",
        "generator": "bench/compare/sorn_numpy.py --fixture engines/sorn/testdata/numpy_reference.json "
        f"--seeds {','.join(map(str, seeds))} --steps {steps}",
        "config": c,
        "steps": steps,
        "seeds": seeds,
        "rng": "numpy.random.default_rng(seed) (PCG64)",
        "numpy": np.__version__,
        "seconds": round(time.time() - t0, 1),
        "runs": runs,
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def speed(ne, quick):
    c = dict(DEFAULTS)
    c.update(ne=ne, ni=round(0.2 * ne), nu=round(0.05 * ne))  # as bench/peers_sorn.ts
    net = Sorn(c, 1)
    for _ in range(2000):  # warm-up into the steady regime, as bench/peers_sorn.ts
        net.step()
    budget = 1.5 if quick else 4.0
    steps = 0
    t0 = time.perf_counter()
    t = t0
    while t - t0 < budget:
        for _ in range(200):
            net.step()
        steps += 200
        t = time.perf_counter()
    print(json.dumps({
        "ne": ne,
        "stepsPerSecond": steps / (t - t0),
        "steps": steps,
        **versions(),
    }))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--fixture", help="write per-seed statistics to this JSON file")
    p.add_argument("--seeds", default="1,2,3,4,5")
    p.add_argument("--steps", type=int, default=10000)
    p.add_argument("--speed", action="store_true", help="speed mode (the default)")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--ne", type=int, default=200)
    a = p.parse_args()
    if a.fixture:
        fixture(a.fixture, [int(s) for s in a.seeds.split(",")], a.steps)
    else:
        speed(a.ne, a.quick)


if __name__ == "__main__":
    main()
