import assert from "node:assert/strict";
import { fold, key, normal, uniform } from "@neuroplastic/core/random";
import {
  initMiconiNetParams,
  miconiNetLayout,
  miconiNetLossAndGrad,
  type MiconiNetSpec,
  miconiNetWorkspace,
} from "./miconi.ts";
import { miconiTaskBatch, type MiconiTaskParams, miconiTaskShape } from "./miconi_task.ts";
import { miconiDefaults, miconiPaper1000, miconiStudyDefaults } from "./miconi_config.ts";
import { initMiconiTrain, miconiTest, runMiconiTrain } from "./miconi_train.ts";
import { initMiconiStudy, miconiStudyFiles, runMiconiStudy } from "./miconi_study.ts";

/**
 * The loss written out literally from the reference's forward (nested arrays, one step at a
 * time, the trace as a matrix): the oracle for the kernel's loss and, by central finite
 * differences, for its gradient.
 */
const oracleLoss = (
  p: Float64Array,
  s: MiconiNetSpec,
  x: Float64Array,
  tgt: Float64Array,
  B: number,
  T: number,
): number => {
  const N = s.neurons;
  const L = miconiNetLayout(s);
  const w = (i: number, j: number) => p[L.w + i * N + j];
  const al = (i: number, j: number) => (s.plastic ? p[L.alpha + i * N + j] : 0);
  const eta = s.plastic ? p[L.eta] : 0;
  let loss = 0;
  for (let b = 0; b < B; b++) {
    let y = new Array(N).fill(0);
    let hebb = Array.from({ length: N }, () => new Array(N).fill(0));
    for (let t = 0; t < T; t++) {
      // yout = tanh(yin.mm(w + alpha * hebb) + input)
      const yout = Array.from({ length: N }, (_, j) => {
        let a = x[(b * T + t) * N + j];
        for (let i = 0; i < N; i++) a += y[i] * (w(i, j) + al(i, j) * hebb[i][j]);
        return Math.tanh(a);
      });
      // hebb = (1 − eta) hebb + eta · outer(yin, yout)
      hebb = hebb.map((row, i) => row.map((h, j) => (1 - eta) * h + eta * y[i] * yout[j]));
      y = yout;
    }
    for (let j = 0; j < s.outputs; j++) loss += (y[j] - tgt[b * s.outputs + j]) ** 2 / B;
  }
  return loss;
};

Deno.test("miconi BPTT: loss equals the literal forward and the gradient (w, α, η) equals central finite differences", () => {
  for (
    const [seed, N, P, T, B, plastic, eta, scale] of [
      [1, 4, 3, 4, 2, true, 0.3, 0.7],
      [2, 5, 4, 6, 1, true, 0.8, 1.2],
      [3, 3, 3, 3, 2, false, 0.1, 0.9],
    ] as const
  ) {
    const s: MiconiNetSpec = { neurons: N, outputs: P, plastic };
    const k = key(seed);
    const p = normal(fold(k, 1), miconiNetLayout(s).size, 0, scale);
    if (plastic) p[miconiNetLayout(s).eta] = eta;
    const x = uniform(fold(k, 2), B * T * N, -1.5, 1.5);
    const tgt = uniform(fold(k, 3), B * P, -1, 1);
    const grad = new Float64Array(p.length);
    const loss = miconiNetLossAndGrad(p, s, x, tgt, B, T, grad, miconiNetWorkspace(s, T));
    const ref = oracleLoss(p, s, x, tgt, B, T);
    assert.ok(Math.abs(loss - ref) < 1e-12 * (1 + ref), `loss ${loss} vs ${ref}`);
    const h = 1e-6;
    let maxErr = 0;
    for (let q = 0; q < p.length; q++) {
      const pp = p.slice();
      pp[q] += h;
      const lp = oracleLoss(pp, s, x, tgt, B, T);
      pp[q] -= 2 * h;
      const lm = oracleLoss(pp, s, x, tgt, B, T);
      const fd = (lp - lm) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(fd - grad[q]) / Math.max(1e-4, Math.abs(fd)));
    }
    assert.ok(maxErr < 1e-5, `seed ${seed}: max relative gradient error ${maxErr}`);
    if (plastic) {
      const L = miconiNetLayout(s);
      assert.ok(Math.abs(grad[L.eta]) > 1e-6, "η receives gradient");
      assert.ok(grad.subarray(L.alpha, L.alpha + N * N).some((g) => Math.abs(g) > 1e-6));
    }
  }
});

const tiny: MiconiTaskParams = {
  patternSize: 8,
  patterns: 3,
  cycles: 2,
  presTime: 2,
  presTimeTest: 2,
  interPresDelay: 1,
  degrade: 0.5,
  inputGain: 20,
  addNeurons: 2,
};

Deno.test("miconi task: balanced patterns, shuffled cycles, half the test bits zeroed, bias input, deterministic", () => {
  const { neurons: N, seqLen: T, zeroed: Z } = miconiTaskShape(tiny);
  assert.deepEqual([N, T, Z], [11, 20, 4]);
  assert.equal(miconiTaskShape(miconiPaper1000).seqLen, 106);
  const a = miconiTaskBatch(tiny, key(5), 6);
  assert.deepEqual(a.x, miconiTaskBatch(tiny, key(5), 6).x);
  assert.notDeepEqual(a.x, miconiTaskBatch(tiny, key(6), 6).x);
  const P = tiny.patternSize;
  const row = (b: number, t: number) =>
    Array.from(a.x.subarray((b * T + t) * N, (b * T + t + 1) * N));
  for (let b = 0; b < 6; b++) {
    const tgt = Array.from(a.target.subarray(b * P, (b + 1) * P));
    assert.equal(tgt.filter((v) => v === -1).length, P / 2);
    for (let t = 0; t < T; t++) {
      assert.equal(row(b, t)[N - 1], 20, "bias neuron input");
      assert.ok(row(b, t).slice(P, N - 1).every((v) => v === 0), "extra neurons get no input");
    }
    // cycle c shows each pattern once (presTime steps, then a blank step)
    for (let c = 0; c < 2; c++) {
      const shown = [0, 1, 2].map((ii) => row(b, c * 9 + ii * 3).slice(0, P).join(","));
      assert.equal(new Set(shown).size, 3);
      for (let ii = 0; ii < 3; ii++) {
        assert.deepEqual(row(b, c * 9 + ii * 3 + 1).slice(0, P).join(","), shown[ii]);
        assert.ok(row(b, c * 9 + ii * 3 + 2).slice(0, P).every((v) => v === 0));
      }
      assert.ok(shown.includes(tgt.map((v) => 20 * v).join(",")), "the test pattern was shown");
    }
    for (const t of [T - 2, T - 1]) {
      const probe = row(b, t).slice(0, P);
      let zeros = 0;
      probe.forEach((v, i) => {
        if (a.zeroed[b * P + i]) {
          assert.equal(v, 0);
          zeros++;
        } else assert.equal(v, 20 * tgt[i]);
      });
      assert.equal(zeros, Z);
    }
  }
});

Deno.test("miconi init: w, α ~ 0.01·N(0, 1), η = 0.01, α's diagonal zeroed on request", () => {
  const s: MiconiNetSpec = { neurons: 40, outputs: 39, plastic: true };
  const L = miconiNetLayout(s);
  const p = initMiconiNetParams(s, key(9), { zeroDiagAlpha: true });
  assert.equal(p[L.eta], 0.01);
  for (let i = 0; i < 40; i++) assert.equal(p[L.alpha + i * 40 + i], 0);
  const w = p.subarray(L.w, L.w + 1600);
  const sd = Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
  assert.ok(Math.abs(sd - 0.01) < 0.001, `sd ${sd}`);
  assert.ok(
    initMiconiNetParams(s, key(9)).subarray(L.alpha).some((v, k) => k % 41 === 0 && v !== 0),
  );
});

Deno.test("miconi training: run(n) equals n single steps bit for bit; same seed ⇒ same bits", () => {
  const c = { ...miconiDefaults, ...tiny, batch: 2 };
  const a = runMiconiTrain(initMiconiTrain(c, key(3)), c, 4);
  let s = initMiconiTrain(c, key(3));
  for (let k = 0; k < 4; k++) s = runMiconiTrain(s, c, 1);
  assert.deepEqual(s, a);
  assert.ok(a.losses.every(Number.isFinite));
  assert.notDeepEqual(runMiconiTrain(initMiconiTrain(c, key(4)), c, 4).params, a.params);
});

Deno.test("miconi: on a tiny task the plastic network beats the same network with α ≡ 0 (fixed seed)", () => {
  // 2 patterns of 8 bits shown once; 1000 Adam steps of one episode, lr 1e-2
  const base = { ...miconiDefaults, patternSize: 8, lr: 1e-2 };
  const err = (type: "plastic" | "nonplastic") => {
    const c = { ...base, type };
    return miconiTest(runMiconiTrain(initMiconiTrain(c, key(1)), c, 1000), c, 200).zeroed;
  };
  const plastic = err("plastic");
  const frozen = err("nonplastic");
  assert.ok(plastic < 0.12, `plastic: zeroed-bit error ${plastic}`);
  assert.ok(frozen > 2 * plastic, `non-plastic ${frozen} vs plastic ${plastic}`);
});

Deno.test("miconi study: step by step equals run(n); seedCount limits a setup's seeds; files name the settings", () => {
  const c = {
    ...miconiStudyDefaults,
    seeds: [1, 2],
    paper50: { ...miconiStudyDefaults.paper50, ...tiny, iterations: 3, window: 2, testEpisodes: 2 },
    harder: {
      ...miconiStudyDefaults.harder,
      iterations: 2,
      window: 1,
      testEpisodes: 2,
      seedCount: 1,
    },
    paper1000: { ...miconiStudyDefaults.paper1000, iterations: 0 },
  };
  const a = runMiconiStudy(initMiconiStudy(), c, 16);
  let s = initMiconiStudy();
  for (let k = 0; k < 16; k++) s = runMiconiStudy(s, c, 1);
  assert.deepEqual(s, a);
  assert.deepEqual(
    a.runs.map((r) => `${r.setup}/${r.type}/${r.seed}`),
    [
      "paper50/plastic/1",
      "paper50/plastic/2",
      "paper50/nonplastic/1",
      "paper50/nonplastic/2",
      "harder/plastic/1",
      "harder/nonplastic/1",
    ],
  );
  assert.deepEqual(a.runs[0].errorCurve.length, 2);
  const f = miconiStudyFiles(a.runs, c, "z");
  assert.ok(f["z.md"].includes("--seeds 1,2"));
  assert.ok(f["z.md"].includes("--paper50.pattern-size 8"));
  assert.ok(f["z.md"].includes("| pattern size P (PATTERNSIZE) | 8 |"));
  assert.ok(f["z.svg"].startsWith("<svg"));
  assert.equal(JSON.parse(f["z.json"]).runs.length, 6);
});
