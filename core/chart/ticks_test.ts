import assert from "node:assert/strict";
import fc from "fast-check";
import { formatTicks, linearTicks, logRange, logTicks } from "./ticks.ts";

/** A range [lo, hi] with hi > lo and a span not lost in lo's rounding. */
const arbRange = fc.tuple(
  fc.double({ min: -1e7, max: 1e7, noNaN: true }),
  fc.double({ min: -9, max: 7, noNaN: true }),
).map(([lo, e]) => [lo, lo + 10 ** e] as const).filter(([lo, hi]) =>
  hi - lo > 1e-6 * Math.max(1, Math.abs(lo))
);

/** m · 10^k with m ∈ {1, 2, 5}, to 1e-9 relative. */
const is125 = (s: number): boolean => {
  const k = Math.floor(Math.log10(s) + 1e-12), m = s / 10 ** k;
  return [1, 2, 5, 10].some((c) => Math.abs(m - c) < 1e-6);
};

const isPow10 = (v: number): boolean => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-12;

/** The uniform-format rule: all plain with the same decimals, or all exponent notation. */
const assertUniform = (ticks: readonly number[], labels: readonly string[], log = false): void => {
  assert.equal(labels.length, ticks.length);
  const plain = labels.every((l) => /^-?\d+(\.\d+)?$/.test(l));
  const expo = labels.every((l) => l === "0" || /^-?\d(\.\d+)?e-?\d+$/.test(l));
  assert.ok(plain || expo, `mixed formats: ${labels}`);
  if (plain) {
    // same decimals; on a log axis of 1-2-5 × 10^k ticks, each label in its shortest form
    const decimals = new Set(labels.map((l) => l.split(".")[1]?.length ?? 0));
    const shortest = log && ticks.every(is125) &&
      labels.every((l, i) => l === String(Number(ticks[i].toPrecision(12))));
    assert.ok(decimals.size === 1 || shortest, `different decimals: ${labels}`);
  } else {
    const mant = new Set(labels.filter((l) => l !== "0").map((l) => l.split("e")[0].length));
    assert.ok(mant.size <= 2, `different mantissas: ${labels}`); // "-" sign allowed
  }
  // each label reads back as its tick, and labels are distinct
  labels.forEach((l, i) =>
    assert.ok(Math.abs(Number(l) - ticks[i]) <= 1e-9 * Math.max(1, Math.abs(ticks[i])), l)
  );
  assert.equal(new Set(labels).size, labels.length, `duplicate labels: ${labels}`);
};

Deno.test("linearTicks: increasing, inside the range, 1-2-5 × 10^k steps, uniform labels", () => {
  fc.assert(
    fc.property(arbRange, fc.integer({ min: 2, max: 10 }), ([lo, hi], target) => {
      const t = linearTicks(lo, hi, target);
      assert.ok(t.length >= 2, `${lo} ${hi}: ${t}`);
      const tol = 1e-9 * (hi - lo);
      for (const v of t) assert.ok(v >= lo - tol && v <= hi + tol, `${v} outside ${lo} ${hi}`);
      // the nominal step: the 1-2-5 × 10^k value nearest to the first difference (which carries
      // the rounding of large tick values)
      const diff = t[1] - t[0], k = Math.floor(Math.log10(diff) + 1e-9);
      const step = [1, 2, 5, 10].map((m) => m * 10 ** k)
        .reduce((a, b) => (Math.abs(b - diff) < Math.abs(a - diff) ? b : a));
      assert.ok(Math.abs(diff - step) <= 1e-6 * step && is125(step), `step ${diff}`);
      for (let i = 1; i < t.length; i++) {
        assert.ok(t[i] > t[i - 1]);
        assert.ok(Math.abs(t[i] - t[i - 1] - step) <= 1e-6 * step, `${t}`);
      }
      // multiples of the step
      for (const v of t) assert.ok(Math.abs(v / step - Math.round(v / step)) < 1e-6, `${v}`);
      assert.ok(t.length <= target + 3);
      assertUniform(t, formatTicks(t));
    }),
    { numRuns: 500 },
  );
});

Deno.test("logTicks: increasing, inside the range, powers of ten across three or more decades", () => {
  fc.assert(
    fc.property(
      fc.double({ min: -12, max: 10, noNaN: true }),
      fc.double({ min: 0.05, max: 20, noNaN: true }),
      (e0, decades) => {
        const lo = 10 ** e0, hi = 10 ** (e0 + decades);
        const t = logTicks(lo, hi);
        assert.ok(t.length >= 2, `${lo} ${hi}: ${t}`);
        for (let i = 1; i < t.length; i++) assert.ok(t[i] > t[i - 1]);
        for (const v of t) assert.ok(v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12), `${t}`);
        let decadesInside = 0;
        for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++) {
          const p = Number(`1e${e}`);
          if (p >= lo * (1 - 1e-12) && p <= hi * (1 + 1e-12)) decadesInside++;
        }
        if (decadesInside >= 3) {
          for (const v of t) assert.ok(isPow10(v), `${v} is not a power of ten (${t})`);
          assert.ok(t.length <= 8);
        } else if (t.length >= 2 && t.every((v) => is125(v))) {
          // 1-2-5 × 10^k inside one decade
        } else {
          assert.ok(is125(t[1] - t[0]), `${t}`); // linear fallback
        }
        assertUniform(t, formatTicks(t, true), true);
        // a narrow range widened by logRange gets three 1-2-5 ticks at least
        const [a, b] = logRange(lo, hi);
        assert.ok(a <= lo * (1 + 1e-12) && b >= hi * (1 - 1e-12), `${a} ${b}`);
        assert.ok(logTicks(a, b).length >= 3, `${a} ${b}: ${logTicks(a, b)}`);
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("formatTicks: the examples of the issue", () => {
  // "1.0e+4" next to "5000" was the bug
  assert.deepEqual(formatTicks([0, 5000, 10000, 15000]), ["0", "5000", "10000", "15000"]);
  assert.deepEqual(formatTicks(logTicks(0.01, 2), true), ["0.01", "0.1", "1"]);
  assert.deepEqual(linearTicks(1, 3, 5, 1), [1, 2, 3]); // episodes: no 1.5
  assert.deepEqual(logRange(0.2346, 1.78), [0.2, 2]);
  assert.deepEqual(logTicks(0.2, 2), [0.2, 0.5, 1, 2]);
  assert.deepEqual(formatTicks([1e-6, 1e-4, 1e-2, 1]), ["1e-6", "1e-4", "1e-2", "1e0"]);
  assert.deepEqual(linearTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  // log ticks no longer fall at 0.398, 0.251… (10^-0.4, 10^-0.6)
  assert.deepEqual(logTicks(0.2, 1.9), [0.2, 0.5, 1]);
});
