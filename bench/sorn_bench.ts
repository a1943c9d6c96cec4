/**
 * Deno.bench suite for SORN: the event-driven step against the plain dense
 * reference step (plasticity phase, no records), 100 steps per iteration (10 at
 * ne = 1000). Each event-driven iteration is one `run` call and so includes one
 * copy of the state (the transient pattern); the dense loop steps in place.
 * For the printed table with ne = 200/1000/2000 and the memory slope see
 * bench/sorn_speed.ts.
 *
 * Run: `deno bench -A bench/sorn_bench.ts`
 *
 * @module
 */
import { key } from "@neuroplastic/core/random";
import {
  createDrawCache,
  denseStepInPlace,
  initState,
  run,
  type SornConfig,
  sornDefaults,
  stepMask,
  toDense,
} from "@neuroplastic/engines/sorn";

const configFor = (ne: number): SornConfig => ({
  ...sornDefaults,
  ne,
  ni: Math.round(0.2 * ne),
  nu: Math.round(0.05 * ne),
});

for (const ne of [200, 1000]) {
  const c = configFor(ne);
  const s = run(initState(c, key(1)), c, 2000);
  const steps = ne === 200 ? 100 : 10;
  Deno.bench({
    name: `sorn event-driven step, ne=${ne} (${steps} steps)`,
    group: `sorn-${ne}`,
    fn: () => {
      run(s, c, steps);
    },
  });
  const d = toDense(s);
  const draws = createDrawCache(d.ne, d.ni, d.nu);
  const mask = stepMask(c);
  Deno.bench({
    name: `sorn dense reference step, ne=${ne} (${steps} steps)`,
    group: `sorn-${ne}`,
    baseline: true,
    fn: () => {
      for (let q = 0; q < steps; q++) denseStepInPlace(d, c, undefined, draws, mask);
    },
  });
}
