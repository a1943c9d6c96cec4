/**
 * Our side of the SORN row of `bench/peers.ts`: steps/s of the event-driven SORN step with
 * plasticity (no records) at a given ne, after 2,000 steps into the steady regime, with
 * ni = 0.2·ne and nu = 0.05·ne as in `bench/sorn_speed.ts`.
 *
 * @module
 */
import process from "node:process";
import { key } from "@neuroplastic/core/random";
import { initState, run, type SornConfig, sornDefaults } from "@neuroplastic/engines/sorn";

/**
 * CPU time of this process so far (ms, user + system): what a background load does not add.
 *
 * @example
 * ```ts ignore
 * const c0 = cpuMs(); work(); console.log(cpuMs() - c0);
 * ```
 */
export const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Steps per second of `run` at `ne` excitatory neurons.
 *
 * @example
 * ```ts ignore
 * oursSornStepsPerSecond(200, true);
 * ```
 */
export function oursSornStepsPerSecond(ne: number, quick: boolean): number {
  const c: SornConfig = {
    ...sornDefaults,
    ne,
    ni: Math.round(0.2 * ne),
    nu: Math.round(0.05 * ne),
  };
  const s = run(initState(c, key(1)), c, 2000);
  const chunk = ne <= 200 ? 20_000 : 4_000;
  run(s, c, Math.floor(chunk / 4));
  let steps = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < (quick ? 1500 : 4000)) {
    run(s, c, chunk);
    steps += chunk;
    t = performance.now();
  }
  return (steps / (t - t0)) * 1000;
}

/**
 * Steps per second of fresh `steps`-step runs at ne = 200 from step 0 (initState included; the
 * first run with a cold JIT), by wall clock and by this process's CPU time (what a background
 * load does not add): the measurement of issue 20's "from step 0" target.
 *
 * @example
 * ```ts ignore
 * fromStepZero(200, 10_000, 3).best;
 * ```
 */
export function fromStepZero(
  ne: number,
  steps: number,
  runs: number,
): { first: number; best: number; cpuBest: number; runs: number } {
  const c: SornConfig = {
    ...sornDefaults,
    ne,
    ni: Math.round(0.2 * ne),
    nu: Math.round(0.05 * ne),
  };
  const wall: number[] = [], cpu: number[] = [];
  for (let q = 0; q < runs; q++) {
    const w0 = performance.now(), u0 = cpuMs();
    run(initState(c, key(11 + q)), c, steps);
    wall.push(steps / ((performance.now() - w0) / 1000));
    cpu.push(steps / ((cpuMs() - u0) / 1000));
  }
  return { first: wall[0], best: Math.max(...wall), cpuBest: Math.max(...cpu), runs };
}
