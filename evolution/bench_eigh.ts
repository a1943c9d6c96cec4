/**
 * Measures the symmetric eigensolver and CMA-ES generations at the LNDP size (n = 1918,
 * λ = 256): the reference (an eigh every generation), lazy eigendecomposition (pycma's gap) and
 * sep-CMA-ES, with mathjs `eigs` as the same-run baseline at n = 200, and writes
 * `docs/results/evolution-eigh.{md,json}` (or `--out dir`).
 *
 * ```
 * deno run -A evolution/bench_eigh.ts [--n 1918] [--out docs/results]
 * ```
 *
 * @module
 */
import * as math from "mathjs";
import { fillNormal, fold, key } from "@neuroplastic/core/random";
import { cmaEs, pycmaEigenGap } from "./cma_es.ts";
import { eighInto, eighTimings } from "./eigh.ts";
import { sepCmaEs } from "./sep_cma_es.ts";
import type { Strategy } from "./types.ts";

const arg = (name: string, dflt: string): string => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < Deno.args.length ? Deno.args[i + 1] : dflt;
};

/** A random SPD matrix like a CMA covariance: I + GGᵀ/n. */
const spd = (n: number, seed: number): Float64Array => {
  const g = new Float64Array(n * n);
  fillNormal(key(seed), g);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = (g[i * n + j] + g[j * n + i]) / (2 * Math.sqrt(n)) + (i === j ? 1 : 0);
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
};

if (import.meta.main) {
  const n = Number(arg("n", "1918"));
  const loadStart = Deno.loadavg()[0];
  const outDir = arg("out", "docs/results");
  const lines: string[] = [];
  // baseline: mathjs eigs at n = 200
  const nb = 200;
  const a200 = spd(nb, 1);
  const rows = Array.from(
    { length: nb },
    (_, i) => Array.from(a200.subarray(i * nb, (i + 1) * nb)),
  );
  let t0 = performance.now();
  math.eigs(rows);
  const mjs = performance.now() - t0;
  const v200 = new Float64Array(nb), b200 = new Float64Array(nb * nb);
  eighInto(a200, nb, v200, b200);
  t0 = performance.now();
  for (let r = 0; r < 5; r++) eighInto(a200, nb, v200, b200);
  const ours200 = (performance.now() - t0) / 5;
  lines.push(
    `| eigh n = ${nb} | ${ours200.toFixed(1)} ms | mathjs eigs ${mjs.toFixed(0)} ms | ${
      (mjs / ours200).toFixed(0)
    }× |`,
  );
  // n = 1918
  const a = spd(n, 2);
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  const runs: number[] = [];
  // the phase breakdown reported is that of the best (reported) run, not of the last one
  let phases = eighTimings();
  for (let r = 0; r < 2; r++) {
    t0 = performance.now();
    eighInto(a, n, values, vectors);
    runs.push(performance.now() - t0);
    if (runs[r] === Math.min(...runs)) phases = eighTimings();
  }
  const best = Math.min(...runs);
  const dc = phases.method === "divide-and-conquer";
  lines.push(
    `| eigh n = ${n} (${phases.method}) | ${(best / 1000).toFixed(2)} s | — | tridiagonalisation ${
      (phases.tridiagonalMs / 1000).toFixed(2)
    } s, Qᵀ (blocked WY) ${(phases.formQMs / 1000).toFixed(2)} s, ${
      dc ? "divide and conquer" : "QL"
    } ${(phases.qlMs / 1000).toFixed(2)} s, ${dc ? "back-transformation Qᵀ·Z" : "rotations"} ${
      (phases.rotateMs / 1000).toFixed(2)
    } s |`,
  );
  // same-run baseline: our QL path (rotations) at the same size
  t0 = performance.now();
  eighInto(a, n, values, vectors, "ql");
  const qlMs = performance.now() - t0;
  const qlPhases = eighTimings();
  lines.push(
    `| eigh n = ${n} (ql, baseline) | ${(qlMs / 1000).toFixed(2)} s | — | ${
      (qlMs / best).toFixed(1)
    }× slower than divide and conquer; rotations ${(qlPhases.rotateMs / 1000).toFixed(2)} s |`,
  );
  // CMA-ES generations at n, λ = 256: the reference (an eigh every generation), lazy updates
  // (pycma's gap), and sep-CMA-ES; each timed per generation (ask + tell, fitness = −x₀²).
  const timeGens = <S>(es: Strategy<S>, gens: number): number[] => {
    let st = es.init(key(0));
    const ms: number[] = [];
    for (let g = 0; g < gens; g++) {
      const t = performance.now();
      const { candidates, state } = es.ask(st, fold(key(1), g));
      const f = new Float64Array(256);
      for (let k = 0; k < 256; k++) f[k] = -(candidates[k * n] ** 2);
      st = es.tell(state, candidates, f);
      ms.push(performance.now() - t);
    }
    return ms;
  };
  const gens = timeGens(cmaEs({ numDims: n, popsize: 256 }), 2);
  const lazyEs = cmaEs({ numDims: n, popsize: 256, eigenGap: "pycma" });
  const gap = pycmaEigenGap(lazyEs.constants);
  const every = Math.max(1, Math.ceil(gap));
  const lazyGens = timeGens(lazyEs, 2 * every);
  // generations g with g mod ⌈gap⌉ ≠ 0 reuse the eigensystem
  const reuse = lazyGens.filter((_, g) => g % every !== 0);
  const lazyMean = lazyGens.reduce((a, b) => a + b, 0) / lazyGens.length;
  const reuseMean = reuse.length ? reuse.reduce((a, b) => a + b, 0) / reuse.length : NaN;
  const sepGens = timeGens(sepCmaEs({ numDims: n, popsize: 256 }), 6).slice(1);
  const sepMean = sepGens.reduce((a, b) => a + b, 0) / sepGens.length;
  const ref = gens[1];
  lines.push(
    `| CMA-ES generation (ask + tell), n = ${n}, λ = 256, reference (eigh every generation) | ${
      (ref / 1000).toFixed(2)
    } s | — | second of 2 generations; includes one eigh |`,
    `| CMA-ES, lazy eigh (pycma gap 1/(c1+cμ)/n/10 = ${
      gap.toFixed(2)
    } ⇒ every ${every} generations), mean over ${lazyGens.length} generations | ${
      (lazyMean / 1000).toFixed(2)
    } s | reference ${(ref / 1000).toFixed(2)} s | ${(ref / lazyMean).toFixed(1)}× |`,
    `| CMA-ES, lazy, a generation that reuses the eigensystem (mean of ${reuse.length}) | ${
      (reuseMean / 1000).toFixed(2)
    } s | reference ${(ref / 1000).toFixed(2)} s | ${
      (ref / reuseMean).toFixed(1)
    }×; the floor of any gap: amortised cost = this + eigh/gap |`,
    `| sep-CMA-ES generation (diagonal C), mean of 5 | ${sepMean.toFixed(1)} ms | reference ${
      (ref / 1000).toFixed(2)
    } s | ${(ref / sepMean).toFixed(0)}× |`,
  );
  // Issue 18's target: ≤ 1 s of strategy work per generation with lazy updates (derived, not timed)
  const eighMs = ref - reuseMean;
  const need = reuseMean < 1000 ? Math.ceil(eighMs / (1000 - reuseMean)) : Infinity;
  const target = [
    `Target ≤ 1 s per generation with lazy updates: ${
      lazyMean <= 1000 ? "met" : "**not met**"
    } with pycma's gap (mean ${(lazyMean / 1000).toFixed(2)} s). A generation that reuses the`,
    `eigensystem costs ${
      (reuseMean / 1000).toFixed(2)
    } s (three n²λ products: sampling, Bᵀy for the negative weights, the rank-μ`,
    `sum on one triangle), so with a decomposition of ≈ ${
      (eighMs / 1000).toFixed(2)
    } s every g generations the mean is`,
    `≈ floor + decomposition/g: ${
      Number.isFinite(need)
        ? `≤ 1 s needs \`eigenGap\` ≥ ${need} (derived from the two rows above, not timed)`
        : "no gap reaches 1 s at this load, because the floor alone exceeds it"
    }.`,
  ];
  const md = [
    "# Symmetric eigensolver and CMA-ES cost",
    "",
    "Householder tridiagonalisation (rank-2 update fused with the next A·u, two rows per pass), Qᵀ",
    "in compact-WY blocks of 64 reflectors through the wasm GEMM, then for n > 256 divide and",
    "conquer on the tridiagonal (deflation, secular equation, Gu–Eisenstat vectors, GEMM merges)",
    "and one GEMM back-transformation (n ≤ 256: implicit QL, rotations applied in 64-column panels,",
    "four fused per pass). eigh n = 1918: best of 2 runs, with the phase breakdown of that run;",
    "n = 200: mean of 5. CMA-ES rows: one run each, timed per generation (ask + tell). Lazy",
    "eigendecomposition follows pycma (`lazy_update_gap = 1/(c1+cμ)/n/10` generations,",
    "cma/evolution_strategy.py; cma/sampler.py `update_now`); sep-CMA-ES is Ros & Hansen 2008.",
    `Generated by \`deno run -A evolution/bench_eigh.ts\` on a shared 2-core machine (1-minute load average ${
      loadStart.toFixed(1)
    } at the start, ${Deno.loadavg()[0].toFixed(1)} at the end).`,
    "",
    "| item | ours | baseline (same run) | note / speed-up |",
    "|---|---|---|---|",
    ...lines,
    "",
    ...target,
    "",
  ].join("\n");
  console.log(md);
  await Deno.mkdir(outDir, { recursive: true });
  await Deno.writeTextFile(`${outDir}/evolution-eigh.md`, md);
  await Deno.writeTextFile(
    `${outDir}/evolution-eigh.json`,
    JSON.stringify(
      {
        n,
        eighMs: runs,
        phases,
        qlMs,
        qlPhases,
        loadAverage: [loadStart, Deno.loadavg()[0]],
        cmaGenerationMs: gens,
        lazyEigenGap: gap,
        lazyGenerationMs: lazyGens,
        sepGenerationMs: sepGens,
        mathjs200Ms: mjs,
        ours200Ms: ours200,
      },
      null,
      1,
    ) +
      "\n",
  );
}
