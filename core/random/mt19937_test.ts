import assert from "node:assert/strict";
import fc from "fast-check";
import * as np from "./mt19937.ts";

// Golden values printed by NumPy 2.4.6 (numpy.random.RandomState(seed).<method>(...), the calls
// named in each test, in that order) on Linux/glibc 2.36. Floats are Python repr()s, so they
// round-trip exactly; aggregates are sequential float64 sums computed in a Python loop.
const NF_12345 = [
  9.303199318889764,
  3.2321179903596806,
  1.9207962356032353,
  2.1251467576750933,
  5.720477787908698,
  5.99589255949459,
  9.648693745382655,
  6.566453259028552,
  7.514175711585727,
  6.57034172143218,
  7.502376611785611,
  9.616936687120932,
  0.18304414962137955,
  1.1537993293074216,
  3.0571667663168776,
  6.598470712514473,
  8.117144270155254,
  8.734541545870401,
  9.65001121398211,
  7.264484934507539,
  6.4605057461688284,
  7.2027908460428955,
  4.729230171471035,
  3.3232883076398405,
  4.452481598259614,
  7.323921919193829,
  9.940744400409622,
  6.801049746560323,
  7.929142926693107,
  1.7920511521451008,
  0.3658078303203621,
  8.023665414862062,
  9.046853128348301,
  0.3442944832497261,
  4.96829845261427,
  5.309926156763593,
  6.004023503151867,
  0.6143796965150825,
  8.96138632773382,
  7.3098351852384615,
  8.201665112760153,
  5.052205253061038,
  8.120875147152223,
  1.0500884048712094,
  2.2676054329477258,
  2.661318709870814,
  4.7342469641340585,
  4.64779470577446,
  7.124146824070872,
  1.8627247582470274,
  5.3613538551603765,
  1.7606480649862086,
  7.711257792217522,
  9.288888436241695,
  6.133987214135685,
  1.586816597221929,
  4.947304366570554,
  3.835715042948934,
  8.50115397858001,
  9.119862563453559,
  3.9001023394571566,
  3.2234094436216267,
  5.7271021126746975,
  1.9593985467415578,
  1.3458312838909654,
  6.90719846994047,
  8.016106507679279,
  5.778011995466567,
  9.734976817834902,
  6.377138333661038,
  8.895375075633124,
  5.004606111698896,
  3.5810036459131007,
  7.170880648590754,
  5.088898252834364,
  2.333812304554331,
  2.5252469583944546,
  7.948726930490946,
  5.002206903662554,
  9.159427366657786,
  9.459181155362677,
  5.378999073586636,
  2.5996766861185243,
  7.236534375930995,
  3.7376437615663156,
  5.0366195848194275,
  2.3430929698783127,
  3.6002999027858653,
  6.5434326875697355,
  3.198035663521005,
  7.710480926976463,
  7.8401873233754165,
  8.538853881113178,
  9.504066827504674,
  1.1624968307903374,
  9.116181024057488,
  3.4269461029336137,
  8.28116622546498,
  8.991196287686483,
  0.5228815129296975,
];

Deno.test("randomState: MT19937 reference output for seed 5489", () => {
  // NumPy RandomState(5489).randint(0, 2**32, 3, dtype=np.uint32); 3499211612 is also the
  // first output of the reference mt19937ar.c for init_genrand(5489)
  const rs = np.randomState(5489);
  assert.deepEqual([np.nextUint32(rs), np.nextUint32(rs), np.nextUint32(rs)], U32_5489);
});

Deno.test("random_sample / uniform: NumPy RandomState(12345)", () => {
  assert.deepEqual([...np.randomSample(np.randomState(12345), 5)], RS12345);
  // GENREG legacy noise: NF = U(0.1, 10, 100), NP = U(0, 2π, 100), NS = U(0.5, 2, 100) in order
  const rs = np.randomState(12345);
  assert.deepEqual([...np.uniform(rs, 0.1, 10, 100)], NF_12345);
  assert.deepEqual([...np.uniform(rs, 0, 2 * Math.PI, 100).subarray(0, 5)], NP_12345);
  assert.deepEqual([...np.uniform(rs, 0.5, 2, 100).subarray(0, 5)], NS_12345);
  // docs/spec genreg.md check values
  const again = np.randomState(12345);
  assert.equal(np.uniform(again, 0.1, 10, 100)[0].toFixed(8), "9.30319932");
  assert.equal(np.uniform(again, 0, 2 * Math.PI, 100)[0].toFixed(8), "1.23021626");
  assert.equal(np.uniform(again, 0.5, 2, 100)[0].toFixed(7), "1.7704145");
});

Deno.test("randn / normal: NumPy RandomState(0) (Marsaglia polar, cached second deviate)", () => {
  assert.deepEqual([...np.randn(np.randomState(0), 10)], RANDN0);
  assert.deepEqual([...np.normal(np.randomState(0), 10, 2, 5)], NORM0);
});

Deno.test("gauss cache persists across randint and random_sample (RandomState(1))", () => {
  // a = randn(3); b = randint(0, 10, 5); c = randn(2); d = random_sample(2); e = randn(1)
  const rs = np.randomState(1);
  assert.deepEqual([...np.randn(rs, 3)], INTER_A);
  assert.notEqual(rs.gauss, null); // 3 deviates = 2 pairs, one cached
  assert.deepEqual([...np.randint(rs, 0, 10, 5)], INTER_B);
  assert.deepEqual([...np.randn(rs, 2)], INTER_C);
  assert.deepEqual([...np.randomSample(rs, 2)], INTER_D);
  assert.deepEqual([...np.randn(rs, 1)], INTER_E);
});

Deno.test("randint: NumPy masked rejection, including rng = 0 (no draw) and full 32-bit ranges", () => {
  const rs = np.randomState(7);
  assert.deepEqual([...np.randint(rs, -5, 17, 20)], RI7_A);
  assert.deepEqual([...np.randint(rs, 3, 4, 3)], RI7_B); // draws nothing
  assert.deepEqual([...np.randomSample(rs, 1)], RI7_C);
  assert.deepEqual([...np.randint(rs, 0, 2 ** 31, 5)], RI7_D);
  assert.deepEqual([...np.randint(rs, -(2 ** 31), 2 ** 31, 3)], RI7_E);
  const w = np.randomState(8);
  assert.deepEqual([...np.randintWide(w, 0, 2 ** 40, 5)], WIDE_A);
  assert.deepEqual([...np.randintWide(w, -(10 ** 15), 10 ** 15, 3)], WIDE_B);
  assert.deepEqual([...np.randintWide(w, 0, 1000, 2)], WIDE_C);
});

Deno.test("permutation / shuffle: NumPy values", () => {
  const p = np.permutation(np.randomState(42), 5000);
  assert.deepEqual([...p.subarray(0, 4)], [1501, 2586, 2653, 1055]);
  assert.deepEqual([...np.permutation(np.randomState(3), 10)], PERM3_10);
  const xs = [100, 101, 102, 103, 104, 105, 106, 107];
  np.shuffle(np.randomState(4), xs);
  assert.deepEqual(xs, SHUF4);
});

Deno.test("long sequences: 1e5-draw aggregates equal NumPy's", () => {
  // sequential float64 sum of RandomState(99).random_sample(100000)
  let s = 0;
  for (const x of np.randomSample(np.randomState(99), 100_000)) s += x;
  assert.equal(s, SUM_RS99);
  let t = 0;
  for (const v of np.randint(np.randomState(99), 0, 1000, 100_000)) t += v;
  assert.equal(t, SUM_RI99);
  // sum(perm[i]·i) mod (2^31 − 1) of RandomState(99).permutation(100000)
  const p = np.permutation(np.randomState(99), 100_000);
  let w = 0n;
  for (let i = 0; i < p.length; i++) w += BigInt(p[i]) * BigInt(i);
  assert.equal(Number(w % 2147483647n), PERM99_WSUM);
});

Deno.test("RSGN src generate_hierarchical_data(seed 42): y[:12] after 10.24M randn", () => {
  // rsgn.md §4.1: X = randn(5000, 32, 64)·0.1, then y = randint(0, 10, 5000)
  const rs = np.randomState(42);
  for (let i = 0; i < 5000; i++) np.randn(rs, 32 * 64);
  assert.deepEqual([...np.randint(rs, 0, 10, 12)], [2, 5, 2, 3, 6, 8, 7, 8, 3, 1, 1, 5]);
});

Deno.test("state: matches NumPy get_state() after randn(1); JSON round trip; clone", () => {
  const rs = np.randomState(5);
  np.randn(rs, 1);
  assert.equal(rs.pos, STATE5_POS);
  assert.equal(rs.gauss, STATE5_GAUSS);
  assert.deepEqual([...rs.mt.subarray(0, 4)], STATE5_MT);
  const back = np.randomStateFromJson(JSON.parse(JSON.stringify(np.randomStateToJson(rs))));
  const c = np.cloneRandomState(rs);
  const a1 = np.randn(rs, 5);
  assert.deepEqual(np.randn(back, 5), a1);
  assert.deepEqual(np.randn(c, 5), a1);
  assert.throws(() => np.randomStateFromJson({ mt: [1, 2], pos: 0, gauss: null }), /mt must be/);
  assert.throws(
    () => np.randomStateFromJson({ mt: new Array(624).fill(0), pos: 625, gauss: null }),
    /pos must be/,
  );
});

Deno.test("validation names the argument", () => {
  assert.throws(() => np.randomState(-1), /seed must be an integer in \[0, 4294967295\]/);
  assert.throws(() => np.randomState(2 ** 32), /seed must be/);
  assert.throws(() => np.randint(np.randomState(0), 5, 5, 1), /lo must be < hi/);
  assert.throws(() => np.randomSample(np.randomState(0), -1), /n must be/);
  assert.throws(() => np.normal(np.randomState(0), 0, -1, 1), /scale must be ≥ 0/);
  assert.throws(() => np.uniform(np.randomState(0), 0, Infinity, 1), /hi must be a finite/);
});

Deno.test("properties: interval stays in [0, max]; shuffle permutes; clones agree", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 300 }),
      (seed, max, len) => {
        const rs = np.randomState(seed);
        const c = np.cloneRandomState(rs);
        for (let i = 0; i < 20; i++) {
          const v = np.interval(rs, max);
          if (!(Number.isInteger(v) && v >= 0 && v <= max)) return false;
        }
        const xs = Array.from({ length: len }, (_, i) => i);
        np.shuffle(c, xs);
        return [...xs].sort((a, b) => a - b).every((v, i) => v === i);
      },
    ),
    { seed: 42, numRuns: 100 },
  );
});

const U32_5489 = [3499211612, 581869302, 3890346734];
const RS12345 = [
  0.9296160928171479,
  0.3163755545817859,
  0.18391881167709445,
  0.2045602785530397,
  0.5677250290816866,
];
const NP_12345 = [
  1.230216261493966,
  1.8504063790658434,
  3.9395564372128997,
  0.541755747246677,
  0.8981500482185705,
];
const NS_12345 = [
  1.7704144953653658,
  1.0671493055443557,
  1.148697674648055,
  1.748928764411167,
  1.056697903541291,
];
const RANDN0 = [
  1.764052345967664,
  0.4001572083672233,
  0.9787379841057392,
  2.240893199201458,
  1.8675579901499675,
  -0.977277879876411,
  0.9500884175255894,
  -0.1513572082976979,
  -0.10321885179355784,
  0.41059850193837233,
];
const NORM0 = [
  13.528104691935328,
  10.800314416734446,
  11.957475968211478,
  14.481786398402916,
  13.735115980299934,
];
const INTER_A = [1.6243453636632417, -0.6117564136500754, -0.5281717522634557];
const INTER_B = [6, 9, 2, 4, 5];
const INTER_C = [-1.0729686221561705, -1.0170141364670207];
const INTER_D = [0.8781174363909454, 0.027387593197926163];
const INTER_E = [0.6373618140613244];
const RI7_A = [10, -1, -2, 14, 2, 9, 3, 9, 5, 3, 2, 1, -1, 11, 2, 7, -5, 6, 1, 14];
const RI7_B = [3, 3, 3];
const RI7_C = [0.6940315754218798];
const RI7_D = [1485942463, 1941857605, 1844809528, 1852015768, 1127788727];
const RI7_E = [-2040542283, 1077017712, 431854331];
const WIDE_A = [837566358868, 1036115503465, 572852073434, 587622226771, 448490581695];
const WIDE_B = [-146570189752467, -98032102788292, -859600087805837];
const WIDE_C = [458, 667];
const PERM3_10 = [5, 4, 1, 2, 9, 6, 7, 0, 3, 8];
const SHUF4 = [104, 107, 103, 100, 101, 105, 106, 102];
const SUM_RS99 = 50079.650364804744;
const SUM_RI99 = 49912671;
const PERM99_WSUM = 1877249126;
const STATE5_POS = 4;
const STATE5_GAUSS = -0.33087015189408764;
const STATE5_MT = [4081643083, 713234725, 1676298141, 2703880759];
