/**
 * Tests of bench/mutation.ts on a tiny fixture: one killed, one surviving and one timed-out
 * mutant are reported as such, the fixture's files are never modified, and the selection is
 * reproducible.
 */
import assert from "node:assert/strict";
import {
  applyMutant,
  findCandidates,
  isKernelFile,
  maskSource,
  type Mutant,
  runMutants,
  score,
  selectMutants,
  testsFor,
} from "./mutation.ts";

const CALC = `/** A fixture: "a < b" in a comment and a string must never be mutated. */
export const add = (a: number, b: number): number => a + b;
export const clamp = (x: number, hi: number): number => x < hi ? x : hi;
export const count = (n: number): number => {
  let i = 0;
  while (i < n) i++;
  return i;
};
export const label = "x + y";
`;

const CALC_TEST = `import assert from "node:assert/strict";
import { add, clamp, count } from "./calc.ts";
Deno.test("add", () => assert.equal(add(2, 3), 5));
Deno.test("clamp", () => assert.equal(clamp(1, 5), 1));
Deno.test("count", () => assert.equal(count(3), 3));
`;

/** The one candidate of `src` with this operator and replacement. */
const pick = (src: string, op: string, from: string, to: string, id: number): Mutant => {
  const c = findCandidates(src).find((m) => m.op === op && m.from === from && m.to === to);
  assert.ok(c, `no candidate ${op} ${from} -> ${to}`);
  return { ...c, id, member: "core", file: "core/calc.ts", line: 0, col: 0, source: "" };
};

Deno.test("mutation: masking hides comments and strings, keeps offsets", () => {
  const m = maskSource(CALC);
  assert.equal(m.length, CALC.length);
  assert.equal(m.split("\n").length, CALC.split("\n").length);
  assert.ok(!m.split("\n")[0].includes("<"));
  assert.ok(!m.includes("x + y"));
  // no candidate lies on the comment line or in the string
  const firstNl = CALC.indexOf("\n");
  const lastLine = CALC.lastIndexOf("label");
  for (const c of findCandidates(CALC)) {
    assert.ok(c.offset > firstNl && c.offset < lastLine, JSON.stringify(c));
    assert.notEqual(applyMutant(CALC, c), CALC);
  }
});

Deno.test("mutation: operators cover bounds, swaps and dropped terms", () => {
  const src = "for (let i = 0; i < n; i++) out[i * n + j] = a[i] + b[j];\n";
  const ops = findCandidates(src).map((c) => `${c.op}:${c.from}->${c.to}`);
  for (
    const want of [
      "bound:n->n - 1",
      "relational:<-><=",
      "swap:[i * n + j]->[j * n + i]",
      "drop: + b[j]->",
      "const:0->1",
      "arithmetic:+->-",
    ]
  ) assert.ok(ops.includes(want), `${want} not in ${ops.join(", ")}`);
});

Deno.test("mutation: kernel files exclude tests, helpers and glue", () => {
  assert.ok(isKernelFile("plasticity/stdp.ts"));
  assert.ok(isKernelFile("engines/sorn/step.ts"));
  assert.ok(!isKernelFile("plasticity/stdp_test.ts"));
  assert.ok(!isKernelFile("engines/sorn/test_helpers.ts"));
  assert.ok(!isKernelFile("engines/sorn/process.ts"));
  assert.ok(!isKernelFile("engines/sorn/gpu/kernel.ts"));
  assert.ok(!isKernelFile("app/cli.ts"));
});

Deno.test("mutation: the selection is reproducible for a seed", () => {
  const sources = new Map([
    ["core/calc.ts", CALC],
    [
      "plasticity/k.ts",
      "export const f = (x: number) => x * 2;\nexport const g = (x: number) => x < 3;\nexport const h = (x: number) => x / 4;\n",
    ],
  ]);
  const a = selectMutants(sources, { seed: 7, perMember: 3 });
  const b = selectMutants(sources, { seed: 7, perMember: 3 });
  assert.deepEqual(a, b);
  assert.equal(a.filter((m) => m.member === "core").length, 3);
  assert.equal(a.filter((m) => m.member === "plasticity").length, 3);
  assert.equal(new Set(a.map((m) => `${m.file}:${m.line}`)).size, a.length);
  assert.deepEqual(
    testsFor("core/calc.ts", new Map([...sources, ["core/calc_test.ts", CALC_TEST]])),
    [
      "core/calc_test.ts",
    ],
  );
});

Deno.test("mutation: killed, survived and timeout are reported, the source tree is untouched", async () => {
  const root = await Deno.makeTempDir({ prefix: "np-mutation-fixture-" });
  try {
    await Deno.mkdir(`${root}/core`);
    await Deno.writeTextFile(`${root}/core/calc.ts`, CALC);
    await Deno.writeTextFile(`${root}/core/calc_test.ts`, CALC_TEST);
    const files = ["core/calc.ts", "core/calc_test.ts"];
    const sources = new Map([["core/calc.ts", CALC], ["core/calc_test.ts", CALC_TEST]]);
    const mutants = [
      pick(CALC, "arithmetic", "+", "-", 1), // add(2, 3) = -1: killed
      pick(CALC, "relational", "<", "<=", 2), // clamp at x = hi is never tested: survives
      pick(CALC, "increment", "++", "--", 3), // count never ends: timeout
    ];
    const { results } = await runMutants(root, files, sources, mutants, {
      jobs: 1,
      minTimeoutMs: 0,
      timeoutFactor: 3,
      equivalents: [],
    });
    assert.deepEqual(results.map((r) => r.status), ["killed", "survived", "timeout"]);
    assert.deepEqual(results[0].tests, ["core/calc_test.ts"]);
    const s = score(results);
    assert.equal(s.total, 3);
    assert.equal(s.score, 2 / 3);
    assert.equal(await Deno.readTextFile(`${root}/core/calc.ts`), CALC);
    assert.deepEqual([...Deno.readDirSync(`${root}/core`)].map((e) => e.name).sort(), [
      "calc.ts",
      "calc_test.ts",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
