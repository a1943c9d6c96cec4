import assert from "node:assert/strict";
import {
  formatDuration,
  formatRate,
  pluralUnit,
  progressLine,
  progressReporter,
  progressWriter,
} from "./progress.ts";

const ESC = String.fromCharCode(27);

Deno.test("progress lines count and rate in the run's own unit", () => {
  const at = (unit: string, done: number, total: number, ms: number) =>
    progressLine({ label: "np", done, total, elapsedMs: ms, unit });
  assert.equal(
    at("step", 4000, 10_000, 2000),
    "np  4,000/10,000 steps  40%  2,000 steps/s  ETA 3.0 s",
  );
  assert.equal(at("epoch", 3, 12, 1500), "np  3/12 epochs  25%  2.0 epochs/s  ETA 4.5 s");
  // slower than one unit a second: the time per unit, not "0 generations/s"
  assert.equal(
    at("generation", 3, 100, 102_000),
    "np  3/100 generations  3%  34 s/generation  ETA 55.0 min",
  );
  assert.equal(at("trial", 1, 4, 4000), "np  1/4 trials  25%  4.0 s/trial  ETA 12.0 s");
  // nothing done yet in this session: the rate and ETA are unknown, never 0
  assert.equal(at("generation", 0, 10, 500), "np  0/10 generations  0%  ? generations/s  ETA ?");
  assert.equal(
    progressLine({ label: "np", done: 91, total: 100, elapsedMs: 1000, unit: "epoch", from: 90 }),
    "np  91/100 epochs  91%  1.0 epochs/s  ETA 9.0 s",
  );
  // a finished count shows how long it took
  assert.equal(at("step", 500, 500, 2500), "np  500/500 steps  100%  200 steps/s  in 2.5 s");
  assert.equal(pluralUnit("batch"), "batches");
  assert.equal(formatRate(0.5, "steps"), "2.0 s/step");
  assert.deepEqual([4, 150, 7200, -1].map(formatDuration), ["4.0 s", "2.5 min", "2.0 h", "?"]);
});

Deno.test("a terminal gets a bar redrawn in place; a pipe gets plain lines without control codes", () => {
  const v = { label: "sorn run", done: 50, total: 200, elapsedMs: 1000, unit: "step" };
  assert.equal(
    progressLine(v, { tty: true, width: 10 }),
    "sorn run [██░░░░░░░░]  25%  50/200 steps  50 steps/s  ETA 3.0 s",
  );
  let t = 0;
  const tty: string[] = [], plain: string[] = [];
  const wt = progressWriter({ write: (s) => tty.push(s), tty: true, width: 4, now: () => t });
  const wp = progressWriter({ write: (s) => plain.push(s), now: () => t });
  for (const [done, ms] of [[1, 0], [2, 50], [3, 150], [4, 2000]]) {
    t = ms;
    wt({ ...v, done, total: 4, elapsedMs: ms });
    wp({ ...v, done, total: 4, elapsedMs: ms });
  }
  // tty: throttled to 100 ms, each draw starts with CR and erases the rest of the line,
  // the finished bar ends with a newline
  assert.deepEqual(tty.map((s) => s.slice(0, 1) === "\r" || s === "\n"), [true, true, true, true]);
  assert.equal(tty.length, 4);
  assert.ok(tty[2].includes("[████] 100%") && tty[2].endsWith(`${ESC}[K`), tty[2]);
  assert.equal(tty[3], "\n");
  // plain: throttled to 1 s, no CR or escape codes, the final line always written
  assert.deepEqual(plain, [
    "sorn run  1/4 steps  25%  ? steps/s  ETA ?",
    "sorn run  4/4 steps  100%  2.0 steps/s  in 2.0 s",
  ]);
  assert.ok(plain.every((l) => !l.includes("\r") && !l.includes(ESC)));
});

Deno.test("a reporter's phases each count to their own total with their own clock and unit", () => {
  let t = 0;
  const lines: string[] = [];
  const r = progressReporter({ label: "  genreg", write: (l) => lines.push(l), now: () => t });
  t = 1000;
  r(20_000, 20_000, "ultra-sparse SA", "step");
  t = 1500;
  r(0, 150, "GENREG GA", "generation");
  t = 4500;
  r(150, 150, "GENREG GA", "generation");
  assert.deepEqual(lines, [
    "  genreg ultra-sparse SA  20,000/20,000 steps  100%  20,000 steps/s  in 1.0 s",
    "  genreg GENREG GA  0/150 generations  0%  ? generations/s  ETA ?",
    // the GA phase's clock started at the SA phase's last report (t = 1000 ms)
    "  genreg GENREG GA  150/150 generations  100%  43 generations/s  in 3.5 s",
  ]);
});
