import assert from "node:assert/strict";
import fc from "fast-check";
import { expandInputs } from "./inputs.ts";
import { cascadeTrustMany, PROTEIN_DEFAULTS, PROTEIN_GENES, runCascade } from "./proteins.ts";

Deno.test("cascadeTrustMany = runCascade's trust for every genome, bit for bit", () => {
  const inp = expandInputs({ mode: "legacy", trueColumns: 16, noiseColumns: 240 });
  const rows = inp.rows;
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 24 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (count, seed) => {
        let s = seed >>> 0;
        const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
        // genomes at scattered offsets; genes around the defaults, comparator modes 0–3 (and
        // negative or fractional mode genes), some extreme gains
        const pad = 7;
        const genes = new Float64Array(count * (PROTEIN_GENES + pad) + pad);
        const offs: number[] = [];
        for (let i = 0; i < count; i++) {
          const o = pad + i * (PROTEIN_GENES + pad);
          offs.push(o);
          for (let q = 0; q < PROTEIN_GENES; q++) {
            genes[o + q] = PROTEIN_DEFAULTS[q] + (rnd() - 0.5) * (rnd() < 0.1 ? 40 : 2);
          }
          genes[o + 12] = Math.floor(rnd() * 10) - 5 + (rnd() < 0.3 ? 0.5 : 0);
          genes[o + 14] = Math.floor(rnd() * 10) - 5;
        }
        const preds = Float64Array.from({ length: count * rows }, () => (rnd() - 0.5) * 2.2);
        const out = new Float64Array(count);
        cascadeTrustMany(genes, offs, count, inp.x, preds, inp.target, out);
        for (let i = 0; i < count; i++) {
          const want =
            runCascade(genes, offs[i], inp.x, preds.subarray(i * rows), inp.target).trust;
          assert.ok(Object.is(out[i], want), `genome ${i}: ${out[i]} vs ${want}`);
        }
      },
    ),
    { numRuns: 60 },
  );
});
