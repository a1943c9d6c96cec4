import assert from "node:assert/strict";
import {
  acrobot,
  acrobotWrap,
  cartPole,
  envByName,
  envStep,
  grid,
  gridStepInto,
  mountainCar,
  pendulum,
} from "./mod.ts";
import { InvalidConfig } from "@neuroplastic/core/errors";
import type { Env } from "./types.ts";

// lndp-reference.md §8 "Fixture: gymnax single steps" (float64, tolerance 1e-9 absolute)
const near = (actual: ArrayLike<number>, expected: number[], what: string, tol = 1e-9): void => {
  for (let i = 0; i < expected.length; i++) {
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `${what}[${i}]: ${actual[i]} vs ${expected[i]}`,
    );
  }
};

Deno.test("CartPole single steps (§8)", () => {
  let r = envStep(cartPole, [0, 0, 0, 0, 0], 1);
  near(r.state, [0, 0.1951219512, 0, -0.2926829268], "a=1");
  assert.equal(r.reward, 1);
  assert.equal(r.done, false);
  r = envStep(cartPole, [0.01, -0.02, 0.03, 0.04, 0], 0);
  near(r.state, [0.0096, -0.2155390171, 0.0308, 0.3419952238], "a=0");
  let s: ArrayLike<number> = [0.01, -0.02, 0.03, 0.04, 0];
  for (let i = 0; i < 3; i++) s = envStep(cartPole, s, 1).state;
  near(s, [0.0204805434, 0.5640955085, 0.0154210331, -0.81027756], "3×a=1", 1e-8);
  assert.deepEqual(Array.from(envStep(cartPole, [0, 0, 0, 0, 0], 1).obs).length, 4);
});

Deno.test("CartPole: done on |x| > 2.4 (strict), |θ| > 12°, or time ≥ 500; input untouched", () => {
  const s0 = [2.39, 1, 0, 0, 0];
  const r = envStep(cartPole, s0, 1);
  assert.equal(r.done, true); // x' = 2.39 + 0.02 > 2.4
  assert.deepEqual(s0, [2.39, 1, 0, 0, 0]);
  assert.equal(envStep(cartPole, [0, 0, 0, 0, 498], 1).done, false);
  assert.equal(envStep(cartPole, [0, 0, 0, 0, 499], 1).done, true);
});

Deno.test("Acrobot single steps (§8)", () => {
  let r = envStep(acrobot, [0.1, -0.05, 0.2, -0.1, 0], 2);
  near(r.state, [0.1119213751, -0.0194362477, -0.0818867941, 0.401549188], "a=2");
  assert.equal(r.reward, -1);
  assert.equal(r.done, false);
  r = envStep(acrobot, [3.0, 0.5, 2.0, -3.0, 0], 0);
  near(r.state, [-2.8726062126, -0.1178386159, 2.1979236212, -3.2991614238], "a=0");
  assert.ok(Object.is(r.reward, -0)); // −1·(1 − 1) = −0.0, as in gymnax
  assert.equal(r.done, true);
  assert.equal(envStep(acrobot, [0, 0, 0, 0, 499], 1).done, true);
});

Deno.test("Acrobot wrap (§8)", () => {
  const w = (x: number): number => acrobotWrap(x, -Math.PI, Math.PI);
  near([w(3.5), w(Math.PI), w(-Math.PI), w(-4), w(10)], [
    -2.7831853072,
    -Math.PI,
    -Math.PI,
    2.2831853072,
    -2.5663706144,
  ], "wrap");
});

Deno.test("MountainCar single steps (§8)", () => {
  let r = envStep(mountainCar, [-0.5, 0, 0], 2);
  near(r.state, [-0.499176843, 0.000823157], "a=2");
  assert.equal(r.reward, -1);
  assert.equal(r.done, false);
  r = envStep(mountainCar, [-1.19, -0.02, 0], 0);
  near(r.state, [-1.2, 0], "wall");
  assert.equal(Object.is(r.state[1], -0) || r.state[1] === 0, true);
  r = envStep(mountainCar, [0.49, 0.02, 0], 2);
  near(r.state, [0.5107484357, 0.0207484357], "goal");
  assert.equal(r.done, true);
  assert.equal(r.reward, -1);
  assert.equal(envStep(mountainCar, [-0.5, 0, 199], 1).done, true);
});

Deno.test("Pendulum single steps (§8)", () => {
  let r = envStep(pendulum, [1, 0.5, 0, 0], 1.5);
  near([r.reward], [-1.02725], "reward");
  near(r.state, [1.0678051619, 1.3561032386], "state");
  r = envStep(pendulum, [3.5, -7.9, 0, 0], -3);
  near([r.reward], [-13.9911204541], "reward clipped u");
  near(r.state, [3.1, -8.0, -2], "state clipped");
  assert.equal(r.done, false);
  assert.equal(envStep(pendulum, [0, 0, 0, 199], 0).done, true);
});

Deno.test("Grid fixture (§8): pos 2, goal 4, actions 0,0 → rewards 0, 10, reset keeps goal", () => {
  const s = Float64Array.of(2, 1, 0, 0);
  assert.deepEqual(gridStepInto(s, 0), { reward: 0, done: false });
  assert.deepEqual(gridStepInto(s, 0), { reward: 10, done: true });
  assert.deepEqual(Array.from(s), [2, 1, 0, 10]); // pos 2, goal kept, steps 0, last reward 10
  // time-out: done when steps == 10 before the increment (at most 11 moves)
  const t = Float64Array.of(2, 0, 0, 0);
  let moves = 0, done = false;
  while (!done) {
    done = gridStepInto(t, 2).done;
    moves++;
  }
  assert.equal(moves, 11);
});

// lndp-reference.md §6 (gymnax reset_env of each task; the grid task of the reference):
// every sampled variable lies inside its documented range and fills it (a draw from a
// narrower or wider range, or a fixed value that is not, fails), fixed variables hold their
// value exactly, and the observation is the documented function of the state.
Deno.test("resets sample inside the documented ranges, fill them, and observe the state", () => {
  const N = 400;
  type Range = readonly [lo: number, hi: number] | number;
  const cases: [Env, Range[], (s: Float64Array) => number[]][] = [
    [cartPole, [[-0.05, 0.05], [-0.05, 0.05], [-0.05, 0.05], [-0.05, 0.05], 0], (s) => [
      s[0],
      s[1],
      s[2],
      s[3],
    ]],
    [acrobot, [[-0.1, 0.1], [-0.1, 0.1], [-0.1, 0.1], [-0.1, 0.1], 0], (s) => [
      Math.cos(s[0]),
      Math.sin(s[0]),
      Math.cos(s[1]),
      Math.sin(s[1]),
      s[2],
      s[3],
    ]],
    [mountainCar, [[-0.6, -0.4], 0, 0], (s) => [s[0], s[1]]],
    [pendulum, [[-Math.PI, Math.PI], [-1, 1], 0, 0], (s) => [Math.cos(s[0]), Math.sin(s[0]), s[1]]],
    // pos = size // 2 = 2, goal g ∈ {0, 1} (checked below), steps 0, last reward 0
    [grid, [2, [0, 1], 0, 0], (s) => [s[0]]],
  ];
  for (const [env, ranges, obsOf] of cases) {
    assert.equal(ranges.length, env.stateSize, env.name);
    const s = new Float64Array(env.stateSize), o = new Float64Array(env.obsDims);
    const lo = new Array(env.stateSize).fill(Infinity), hi = lo.map(() => -Infinity);
    for (let k = 0; k < N; k++) {
      env.reset({ k0: 3, k1: k }, s, o);
      ranges.forEach((r, i) => {
        if (typeof r === "number") assert.equal(s[i], r, `${env.name} state[${i}] = ${s[i]}`);
        else assert.ok(s[i] >= r[0] && s[i] <= r[1], `${env.name} state[${i}] = ${s[i]} ∉ ${r}`);
        lo[i] = Math.min(lo[i], s[i]);
        hi[i] = Math.max(hi[i], s[i]);
      });
      assert.deepEqual(Array.from(o), obsOf(s), `${env.name} observation of key ${k}`);
    }
    // 400 uniform draws reach within 2 % of both ends (miss probability 2·0.98^400 ≈ 6e-4; the
    // keys are fixed, so this is one deterministic check)
    ranges.forEach((r, i) => {
      if (typeof r === "number") return;
      const w = r[1] - r[0];
      if (env === grid) assert.deepEqual([lo[i], hi[i]], [0, 1], "grid goal takes both values");
      else {
        assert.ok(lo[i] <= r[0] + 0.02 * w && hi[i] >= r[1] - 0.02 * w, `${env.name} state[${i}]`);
      }
    });
  }
  // the grid goal is an integer: the goal cell is 0 or 4
  const s = new Float64Array(4), o = new Float64Array(1);
  for (let k = 0; k < 50; k++) {
    grid.reset({ k0: 5, k1: k }, s, o);
    assert.ok(s[1] === 0 || s[1] === 1);
  }
});

Deno.test("unknown env name is a typed InvalidConfig naming task", () => {
  assert.throws(
    () => envByName("lunarlander"),
    (e: unknown) => e instanceof InvalidConfig && e.field === "task",
  );
});
