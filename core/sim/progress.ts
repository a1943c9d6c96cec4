/**
 * Progress lines for long runs: done/total, rate and ETA, throttled.
 *
 * @module
 */

/** A progress callback: `(done, total, label?)`. */
export type ProgressReporter = (done: number, total: number, label?: string) => void;

/**
 * Formats one progress line, e.g. `sorn run  4,000/10,000  40%  12,345 steps/s  ETA 0.5 s`.
 *
 * @example
 * ```ts
 * import { formatProgress } from "@neuroplastic/core/sim";
 * console.log(formatProgress("demo", 50, 100, 1000, "steps")); // demo  50/100  50%  50 steps/s  ETA 1.0 s
 * ```
 */
export const formatProgress = (
  label: string,
  done: number,
  total: number,
  elapsedMs: number,
  unit = "steps",
  from = 0,
): string => {
  // The rate counts only the units done in this session (not those before a resume).
  const rate = elapsedMs > 0 ? ((done - from) / elapsedMs) * 1000 : 0;
  const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
  const eta = rate > 0 ? (total - done) / rate : NaN;
  const etaText = Number.isFinite(eta)
    ? (eta >= 90 ? `${(eta / 60).toFixed(1)} min` : `${eta.toFixed(1)} s`)
    : "?";
  const f = (n: number): string => Math.round(n).toLocaleString("en-US");
  const r = (n: number): string => (n >= 10 || n === 0 ? f(n) : n.toPrecision(2));
  return `${label}  ${f(done)}/${f(total)}  ${pct}%  ${r(rate)} ${unit}/s  ETA ${etaText}`;
};

/**
 * A throttled reporter that writes progress lines through `write` (e.g. to stderr),
 * at most every `intervalMs`, and always for the final update.
 *
 * @example
 * ```ts
 * import { progressReporter } from "@neuroplastic/core/sim";
 * const lines: string[] = [];
 * const report = progressReporter({ label: "demo", write: (l) => lines.push(l), intervalMs: 0 });
 * report(10, 10);
 * console.log(lines.length); // 1
 * ```
 */
export const progressReporter = (opts: {
  readonly label: string;
  readonly write: (line: string) => void;
  readonly intervalMs?: number;
  readonly unit?: string;
  readonly now?: () => number;
}): ProgressReporter => {
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const interval = opts.intervalMs ?? 250;
  let last = -Infinity;
  return (done, total, label) => {
    const t = now();
    if (done < total && t - last < interval) return;
    last = t;
    opts.write(formatProgress(label ?? opts.label, done, total, t - start, opts.unit));
  };
};
