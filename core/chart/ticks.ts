/**
 * Axis ticks and their labels: 1-2-5 × 10^k steps on linear axes, powers of ten on log axes,
 * and one number format for all the labels of an axis (no "1.0e+4" next to "5000").
 *
 * @module
 */

/** Slack, relative to the span, when testing whether a tick lies inside the range (rounding). */
const SLACK = 1e-9;

/** Rounds away binary noise of `k · step` (e.g. 0.30000000000000004 → 0.3). */
const clean = (v: number, step: number): number => {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  const r = Number(v.toFixed(Math.min(20, digits)));
  return Object.is(r, -0) ? 0 : r;
};

/**
 * Ticks of a linear axis over [lo, hi]: multiples of a step of 1, 2 or 5 × 10^k, about `target`
 * of them (at least two whenever hi > lo), increasing and inside the range.
 *
 * With `minStep` (e.g. 1 on an axis of counts or episodes), no step is smaller.
 *
 * @example
 * ```ts
 * import { linearTicks } from "./ticks.ts";
 * console.log(linearTicks(0.12, 9.7)); // [2, 4, 6, 8]
 * console.log(linearTicks(1, 3, 5, 1)); // [1, 2, 3]
 * ```
 */
export const linearTicks = (lo: number, hi: number, target = 5, minStep = 0): number[] => {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (!(hi > lo)) return [lo];
  const span = hi - lo, tol = SLACK * span;
  let best: number[] = [];
  // the largest 1-2-5 step that still gives at least two ticks, and about `target` ticks
  const raw = span / Math.max(1, target);
  const e0 = Math.floor(Math.log10(raw));
  for (let e = e0 + 1; e >= e0 - 2; e--) {
    for (const m of [5, 2, 1]) {
      const step = m * 10 ** e;
      if (step < minStep * (1 - 1e-12)) continue;
      const first = Math.ceil((lo - tol) / step), last = Math.floor((hi + tol) / step);
      const count = last - first + 1;
      if (count < 2 || count > Math.max(2, target) + 3) continue;
      const ticks: number[] = [];
      for (let k = first; k <= last; k++) {
        const v = clean(k * step, step);
        if (v >= lo - tol && v <= hi + tol) ticks.push(v);
      }
      if (ticks.length < 2) continue;
      if (best.length === 0 || Math.abs(ticks.length - target) < Math.abs(best.length - target)) {
        best = ticks;
      }
    }
  }
  if (best.length === 0 && minStep > 0) {
    // a span shorter than two minimal steps: the multiples of minStep inside it
    for (let k = Math.ceil((lo - tol) / minStep); k * minStep <= hi + tol; k++) {
      best.push(clean(k * minStep, minStep));
    }
  }
  return best.length ? best : [lo, hi];
};

/**
 * The range [lo, hi] (lo > 0) of a log axis widened to the nearest 1-2-5 × 10^k values outside it
 * when fewer than three such values lie inside, until three do (a narrow range then still gets
 * three ticks).
 *
 * @example
 * ```ts
 * import { logRange } from "./ticks.ts";
 * console.log(logRange(0.23, 1.8)); // [0.2, 2]
 * console.log(logRange(0.001, 50)); // [0.001, 50]
 * ```
 */
export const logRange = (lo: number, hi: number): [number, number] => {
  if (!(lo > 0) || !(hi > lo) || !Number.isFinite(hi)) return [lo, hi];
  const nice: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++) {
    for (const m of [1, 2, 5]) nice.push(Number(`${m}e${e}`));
  }
  if (nice.filter((v) => v >= lo && v <= hi).length >= 3) return [lo, hi];
  let i = nice.findLastIndex((v) => v <= lo * (1 + 1e-12));
  let j = nice.findIndex((v) => v >= hi * (1 - 1e-12));
  // widen by one 1-2-5 value at a time, alternately above and below, to three values
  for (let side = 0; j - i + 1 < 3; side ^= 1) side ? i-- : j++;
  return [nice[i], nice[j]];
};

/**
 * Ticks of a log axis over [lo, hi] (data values, lo > 0): the powers of ten inside the range when
 * there are three or more (every
 * 2nd, 5th, ... decade when there are many); otherwise the 1-2-5 ×
 * 10^k values inside it; when even those are fewer than two, linear 1-2-5 ticks.
 *
 * @example
 * ```ts
 * import { logTicks } from "./ticks.ts";
 * console.log(logTicks(0.002, 40)); // [0.01, 0.1, 1, 10]
 * console.log(logTicks(0.2, 1.9)); // [0.2, 0.5, 1]
 * ```
 */
export const logTicks = (lo: number, hi: number, maxTicks = 8): number[] => {
  if (!(lo > 0) || !Number.isFinite(hi) || !(hi > lo)) return lo > 0 ? [lo] : [];
  const tol = 1e-12;
  const inside = (t: number[]): number[] =>
    t.filter((v) => v >= lo * (1 - tol) && v <= hi * (1 + tol));
  const r = logTicksRaw(lo, hi, maxTicks, tol);
  const t = inside(r);
  return t.length >= 2 ? t : inside(linearTicks(lo, hi));
};

const logTicksRaw = (lo: number, hi: number, maxTicks: number, tol: number): number[] => {
  const a = Math.ceil(Math.log10(lo) - tol), b = Math.floor(Math.log10(hi) + tol);
  if (b - a + 1 >= 3) {
    const n = b - a + 1;
    const every = [1, 2, 5, 10, 20, 50, 100].find((k) => Math.ceil(n / k) <= maxTicks) ?? 100;
    const out: number[] = [];
    for (let e = a; e <= b; e++) if ((e - a) % every === 0) out.push(Number(`1e${e}`));
    if (out.length >= 3) return out;
  }
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = Number(`${m}e${e}`);
      if (v >= lo * (1 - tol) && v <= hi * (1 + tol)) out.push(v);
    }
  }
  return out.length >= 2 ? out : linearTicks(lo, hi);
};

/** Whether v is m · 10^k with m ∈ {1, 2, 5} (to 1e-9 relative). */
const is125 = (v: number): boolean => {
  const a = Math.abs(v);
  if (!(a > 0)) return false;
  const k = Math.floor(Math.log10(a) + 1e-12), m = a / 10 ** k;
  return [1, 2, 5, 10].some((c) => Math.abs(m - c) < 1e-9 * c);
};

/**
 * One format for all the labels of an axis: plain decimals with the same number of decimal
 * places when every nonzero tick lies in [10⁻³, 10⁵), otherwise exponent notation with the same
 * mantissa digits ("2e-6", "1.5e6"). Zero is "0". On a log axis (`log`), plain labels keep their
 * shortest form ("0.01", "0.1", "1", "10": a decade per label).
 *
 * @example
 * ```ts
 * import { formatTicks } from "./ticks.ts";
 * console.log(formatTicks([0, 0.5, 1])); // ["0.0", "0.5", "1.0"]
 * console.log(formatTicks([0, 5000, 10000])); // ["0", "5000", "10000"]
 * console.log(formatTicks([1e-6, 1e-4, 1e-2])); // ["1e-6", "1e-4", "1e-2"]
 * console.log(formatTicks([0.01, 0.1, 1], true)); // ["0.01", "0.1", "1"]
 * ```
 */
export const formatTicks = (ticks: readonly number[], log = false): string[] => {
  const nz = ticks.filter((v) => v !== 0 && Number.isFinite(v));
  if (nz.length === 0) return ticks.map((v) => String(v));
  const amax = Math.max(...nz.map(Math.abs)), amin = Math.min(...nz.map(Math.abs));
  // the fewest significant digits that keep every label distinct and exact to ~1e-9
  if (amax < 1e5 && amin >= 1e-3) {
    if (log && ticks.every(is125)) return ticks.map((v) => String(Number(v.toPrecision(12))));
    let d = 0;
    while (d < 10 && !ticks.every((v) => Math.abs(Number(v.toFixed(d)) - v) <= 1e-9 * amax)) d++;
    return ticks.map((v) => (v === 0 ? (d === 0 ? "0" : (0).toFixed(d)) : v.toFixed(d)));
  }
  let d = 0;
  while (
    d < 10 &&
    !nz.every((v) => Math.abs(Number(v.toExponential(d)) - v) <= 1e-9 * Math.abs(v))
  ) d++;
  return ticks.map((v) => (v === 0 ? "0" : v.toExponential(d).replace("e+", "e")));
};
