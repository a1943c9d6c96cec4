// A property of the model (README "Output-swap symmetry"): the developmental program sees the
// two output nodes of a two-action task only through their features, states and edges, never
// through their index. Swapping the two output nodes in the initial network and mirroring the
// action (a ↦ 1 − a) therefore replays a lifetime: the same returns and, at every step, the same
// edges, with node and edge states equal to the original's with its outputs swapped up to
// rounding (the sums over nodes run in index order, so the swap reorders two of their terms:
// differences of 1e-16 that stayed below 3e-15 over up to 1500 steps at these σ). Not bit for
// bit in general: see the README for when the two lifetimes part.
import assert from "node:assert/strict";
import { fillNormal, fold, type Key, key, split } from "@neuroplastic/core/random";
import { lndpDefaults } from "./config.ts";
import { makeModel, type Model } from "./model.ts";
import { EDGE_FEATURES, NODE_FEATURES, unflattenParams } from "./params.ts";
import { run } from "./run.ts";
import { cloneNetState, type NetState } from "./state.ts";
import { initState, stepInPlace } from "./step.ts";
import { updateInPlace } from "./update.ts";
import { makeWorkspace } from "./workspace.ts";

/** π: node index with the last two (the outputs) exchanged. */
const perm = (N: number) => (i: number) => (i === N - 1 ? N - 2 : i === N - 2 ? N - 1 : i);

/** The network with its two output nodes exchanged (rows and columns of every array). */
const swapOutputs = (model: Model, s: NetState): NetState => {
  const N = model.N, T1 = model.T + 1, de = EDGE_FEATURES, dh = NODE_FEATURES, p = perm(N);
  const t = cloneNetState(s);
  for (let i = 0; i < N; i++) {
    const pi = p(i);
    for (let f = 0; f < dh; f++) t.h[pi * dh + f] = s.h[i * dh + f];
    for (let f = 0; f < T1; f++) t.aSeq[pi * T1 + f] = s.aSeq[i * T1 + f];
    t.a[pi] = s.a[i];
    for (let j = 0; j < N; j++) {
      const src = i * N + j, dst = pi * N + p(j);
      t.A[dst] = s.A[src];
      t.w[dst] = s.w[src];
      for (let c = 0; c < de; c++) t.e[dst * de + c] = s.e[src * de + c];
    }
  }
  return t;
};

/**
 * One lifetime of a gymnax task step by step, as run.ts plays it, from a given initial network;
 * `mirror` maps the network's action to the one the environment receives. Calls `each` after
 * every environment step with the network and the reward.
 */
const lifetime = (
  model: Model,
  genome: Float64Array,
  nEpisodes: number,
  k: Key,
  net: NetState,
  mirror: boolean,
  each: (net: NetState, reward: number) => void,
): number[] => {
  const p = unflattenParams(model.layout, genome);
  const ws = makeWorkspace(model), env = model.env;
  const envState = new Float64Array(env.stateSize), obs = new Float64Array(env.obsDims);
  const returns: number[] = [];
  for (let ep = 0; ep < nEpisodes; ep++) {
    const [kReset, kSteps] = split(fold(k, ep), 3);
    env.reset(kReset, envState, obs);
    let cum = 0, last = 0;
    for (let t = 0; t < env.maxSteps; t++) {
      const a = stepInPlace(model, p, net, obs, last, fold(kSteps, t), ws);
      const { reward, done } = env.stepInto(envState, mirror ? 1 - a : a, obs);
      cum += reward;
      net.d = 0;
      last = reward;
      if (done && t < env.maxSteps - 1) {
        net.r = last;
        updateInPlace(model, p, net, ws, fold(kSteps, t + 1));
        net.d = 1;
      }
      each(net, reward);
      if (done) break;
    }
    returns.push(cum);
  }
  return returns;
};

Deno.test("output-swap symmetry: swapped outputs + mirrored actions replay CartPole lifetimes", () => {
  const model = makeModel("cartpole", lndpDefaults);
  assert.equal(model.k, 2);
  const P = model.layout.size, N = model.N;
  const actions = new Set<number>();
  let steps = 0;
  // (genome seed, σ of its N(0, σ²) parameters, lifetime seed): lifetimes of 27 to 428 steps
  for (const [g, sigma, seed] of [[1, 0.3, 11], [4, 0.1, 11], [4, 0.1, 13]] as const) {
    const what = `genome ${g} (σ ${sigma}), seed ${seed}`;
    const genome = new Float64Array(P);
    fillNormal(key(g), genome, 0, sigma);
    const k = key(seed), nEp = 3;
    const p = unflattenParams(model.layout, genome);
    const a0 = initState(model, p, split(fold(k, 0), 3)[2], makeWorkspace(model));
    const b0 = swapOutputs(model, a0);
    // the swap changes the network: the two outputs differ in state (and usually in edges)
    assert.notDeepEqual(b0.h, a0.h, what);
    const nets: NetState[] = [], rewards: number[] = [];
    const ra = lifetime(model, genome, nEp, k, a0, false, (n, r) => {
      nets.push(cloneNetState(n));
      rewards.push(r);
      const o = n.aSeq;
      actions.add(
        o[(N - 1) * (model.T + 1) + model.T] > o[(N - 2) * (model.T + 1) + model.T] ? 1 : 0,
      );
    });
    // the driver plays the library's lifetime
    assert.deepEqual(ra, run(model, genome, nEp, k).returns, what);
    let s = 0;
    const rb = lifetime(model, genome, nEp, k, b0, true, (n, r) => {
      assert.ok(s < nets.length, `${what}: the swapped lifetime is longer`);
      const w = swapOutputs(model, nets[s]);
      assert.equal(r, rewards[s], `${what}: reward of step ${s}`);
      assert.deepEqual(n.A, w.A, `${what}: edges at step ${s}`);
      for (const f of ["h", "e", "w", "a", "aSeq"] as const) {
        for (let q = 0; q < n[f].length; q++) {
          assert.ok(Math.abs(n[f][q] - w[f][q]) <= 1e-13, `${what}: ${f}[${q}] at step ${s}`);
        }
      }
      s++;
    });
    assert.equal(s, rewards.length, what);
    assert.deepEqual(rb, ra, what);
    steps += s;
  }
  // not vacuous: both actions were taken, over hundreds of steps
  assert.deepEqual([...actions].sort(), [0, 1]);
  assert.ok(steps > 400);
});

/**
 * Swap + mirror replay of one lifetime: the original's and the swapped network's returns, and the
 * largest state difference from the swapped original over the steps both lifetimes reach.
 */
const replay = (model: Model, genome: Float64Array, seed: number) => {
  const k = key(seed), nEp = 3;
  const p = unflattenParams(model.layout, genome);
  const a0 = initState(model, p, split(fold(k, 0), 3)[2], makeWorkspace(model));
  const b0 = swapOutputs(model, a0);
  const nets: NetState[] = [];
  const ra = lifetime(model, genome, nEp, k, a0, false, (n) => nets.push(cloneNetState(n)));
  let s = 0, diff = 0;
  const rb = lifetime(model, genome, nEp, k, b0, true, (n) => {
    if (s < nets.length) {
      const w = swapOutputs(model, nets[s]);
      for (let q = 0; q < n.h.length; q++) diff = Math.max(diff, Math.abs(n.h[q] - w.h[q]));
    }
    s++;
  });
  return { ra, rb, diff };
};

Deno.test("output identity (ours) breaks the output-swap symmetry; equal columns keep it", () => {
  const model = makeModel("cartpole", { ...lndpDefaults, outputIdentity: true });
  const P = model.layout.size, k = model.k, dh = NODE_FEATURES;
  let parted = 0;
  for (const [g, sigma, seed] of [[1, 0.3, 11], [4, 0.1, 11], [4, 0.1, 13]] as const) {
    const genome = new Float64Array(P);
    fillNormal(key(g), genome.subarray(0, 1918), 0, sigma);
    const cols = genome.subarray(1918);
    fillNormal(key(100 + g), cols, 0, 1);
    // control: both outputs get the same column, so they are still indistinguishable
    const same = genome.slice();
    for (let u = 0; u < dh; u++) same[1918 + u * k + 1] = same[1918 + u * k];
    const c = replay(model, same, seed);
    assert.deepEqual(c.rb, c.ra, `equal columns, genome ${g} seed ${seed}`);
    assert.ok(c.diff <= 1e-13, `equal columns: state difference ${c.diff}`);
    // distinct columns: the swapped network is another network
    const d = replay(model, genome, seed);
    assert.ok(d.diff > 1e-9, `distinct columns, genome ${g} seed ${seed}: difference ${d.diff}`);
    if (JSON.stringify(d.rb) !== JSON.stringify(d.ra)) parted++;
  }
  // and at least one lifetime no longer replays at all (different returns)
  assert.ok(parted >= 1, `${parted} of 3 lifetimes parted`);
});
