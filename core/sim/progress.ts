/**
 * Progress display for long runs: done/total in the run's own unit (step, epoch, generation,
 * trial, ...), the rate in that unit and the ETA. On a terminal one bar is redrawn in place; to a
 * file or a pipe, plain lines are written (throttled).
 *
 * @module
 */

/**
 * A progress callback: `(done, total, label?, unit?)`, with `unit` singular (`"epoch"`). A new
 * label (or unit) starts a new phase: its own counter, rate and ETA.
 */
export type ProgressReporter = (done: number, total: number, label?: string, unit?: string) => void;

/** One progress update, as {@link progressLine} formats it. */
export interface ProgressView {
  /** What is running (`sorn run`, `  genreg GENREG GA`). */
  readonly label: string;
  /** Units done (absolute, including those before a resume). */
  readonly done: number;
  /** Units in the whole run (or phase). */
  readonly total: number;
  /** Milliseconds since this session (or phase) started. */
  readonly elapsedMs: number;
  /** The unit, singular (default `step`). */
  readonly unit?: string;
  /** Units done when this session started (non-zero after a resume; default 0). */
  readonly from?: number;
}

/**
 * The plural of a unit (`step` → `steps`, `batch` → `batches`); a plural is kept.
 *
 * @example
 * ```ts
 * import { pluralUnit } from "@neuroplastic/core/sim";
 * console.log(pluralUnit("generation"), pluralUnit("batch"), pluralUnit("steps")); // generations batches steps
 * ```
 */
export const pluralUnit = (unit: string): string =>
  unit.endsWith("s") ? unit : /(tch|sh|x)$/.test(unit) ? `${unit}es` : `${unit}s`;

const singular = (unit: string): string =>
  /(tches|shes|xes)$/.test(unit)
    ? unit.slice(0, -2)
    : unit.endsWith("s")
    ? unit.slice(0, -1)
    : unit;

const int = (n: number): string => Math.round(n).toLocaleString("en-US");

/**
 * A rate in a unit: `1,234 steps/s`, `2.5 epochs/s`; under one unit a second, the time per unit
 * (`34 s/generation`); `? steps/s` before any unit has been timed.
 *
 * @example
 * ```ts
 * import { formatRate } from "@neuroplastic/core/sim";
 * console.log(formatRate(12345, "step"), "|", formatRate(2.5, "epoch"), "|", formatRate(0.029, "generation"));
 * // 12,345 steps/s | 2.5 epochs/s | 34 s/generation
 * ```
 */
export const formatRate = (perSecond: number, unit: string): string => {
  const u = singular(unit);
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) return `? ${pluralUnit(u)}/s`;
  if (perSecond >= 1) {
    const v = perSecond >= 10 ? int(perSecond) : perSecond.toPrecision(2);
    return `${v} ${pluralUnit(u)}/s`;
  }
  const per = 1 / perSecond;
  return `${per >= 10 ? int(per) : per.toPrecision(2)} s/${u}`;
};

/**
 * A duration in seconds for an ETA or an elapsed time: `4.0 s`, `2.5 min`, `1.2 h`; `?` when
 * unknown.
 *
 * @example
 * ```ts
 * import { formatDuration } from "@neuroplastic/core/sim";
 * console.log(formatDuration(4), formatDuration(150), formatDuration(7200), formatDuration(NaN)); // 4.0 s 2.5 min 2.0 h ?
 * ```
 */
export const formatDuration = (seconds: number): string =>
  !Number.isFinite(seconds) || seconds < 0
    ? "?"
    : seconds < 90
    ? `${seconds.toFixed(1)} s`
    : seconds < 90 * 60
    ? `${(seconds / 60).toFixed(1)} min`
    : `${(seconds / 3600).toFixed(1)} h`;

const parts = (v: ProgressView) => {
  const unit = singular(v.unit ?? "step");
  const from = v.from ?? 0;
  // The rate counts only the units done in this session (not those before a resume).
  const rate = v.elapsedMs > 0 ? ((v.done - from) / v.elapsedMs) * 1000 : NaN;
  const frac = v.total > 0 ? Math.min(1, Math.max(0, v.done / v.total)) : 1;
  const finished = v.done >= v.total;
  const tail = finished
    ? `in ${formatDuration(v.elapsedMs / 1000)}`
    : `ETA ${formatDuration(rate > 0 ? (v.total - v.done) / rate : NaN)}`;
  return {
    pct: `${Math.floor(100 * frac)}%`,
    count: `${int(v.done)}/${int(v.total)} ${pluralUnit(unit)}`,
    rate: formatRate(rate, unit),
    tail,
    frac,
  };
};

/**
 * One progress line. Plain (for a file, a pipe or a log):
 * `sorn run  4,000/10,000 steps  40%  12,345 steps/s  ETA 0.5 s`; with `tty`, a bar to redraw in
 * place: `sorn run [████████░░░░░░░░░░░░]  40%  4,000/10,000 steps  12,345 steps/s  ETA 0.5 s`.
 * A finished count shows its elapsed time instead of the ETA.
 *
 * @example
 * ```ts
 * import { progressLine } from "@neuroplastic/core/sim";
 * const v = { label: "lndp train", done: 3, total: 12, elapsedMs: 6000, unit: "generation" };
 * console.log(progressLine(v)); // lndp train  3/12 generations  25%  2.0 s/generation  ETA 18.0 s
 * console.log(progressLine(v, { tty: true, width: 8 }));
 * // lndp train [██░░░░░░]  25%  3/12 generations  2.0 s/generation  ETA 18.0 s
 * ```
 */
export const progressLine = (
  v: ProgressView,
  opts: { readonly tty?: boolean; readonly width?: number } = {},
): string => {
  const p = parts(v);
  if (!opts.tty) return `${v.label}  ${p.count}  ${p.pct}  ${p.rate}  ${p.tail}`;
  const w = opts.width ?? 20;
  const fill = Math.floor(p.frac * w);
  return `${v.label} [${"█".repeat(fill)}${"░".repeat(w - fill)}] ${
    p.pct.padStart(4)
  }  ${p.count}  ${p.rate}  ${p.tail}`;
};

/**
 * Formats one plain progress line (see {@link progressLine}), e.g.
 * `sorn run  4,000/10,000 steps  40%  12,345 steps/s  ETA 0.5 s`.
 *
 * @example
 * ```ts
 * import { formatProgress } from "@neuroplastic/core/sim";
 * console.log(formatProgress("demo", 50, 100, 1000, "epoch")); // demo  50/100 epochs  50%  50 epochs/s  ETA 1.0 s
 * ```
 */
export const formatProgress = (
  label: string,
  done: number,
  total: number,
  elapsedMs: number,
  unit = "step",
  from = 0,
): string => progressLine({ label, done, total, elapsedMs, unit, from });

/** ESC [ K: erase to the end of the line (after a carriage return redraws a bar in place). */
const ERASE_LINE = `${String.fromCharCode(27)}[K`;

/**
 * A progress writer over {@link progressLine}: plain lines through `write` at most every
 * `intervalMs` (default 1000), or, with `tty`, a bar redrawn in place (`\r…ESC[K`, at most every
 * 100 ms) and ended with a newline when its count is complete. `write` receives what to print
 * as is: a line (plain) or raw terminal text (tty). Every completed count is written.
 *
 * @example
 * ```ts
 * import { progressWriter } from "@neuroplastic/core/sim";
 * const out: string[] = [];
 * const w = progressWriter({ write: (s) => out.push(s), intervalMs: 0 });
 * w({ label: "x", done: 5, total: 5, elapsedMs: 1000, unit: "trial" });
 * console.log(out[0]); // x  5/5 trials  100%  5.0 trials/s  in 1.0 s
 * ```
 */
export const progressWriter = (opts: {
  readonly write: (s: string) => void;
  readonly tty?: boolean;
  readonly intervalMs?: number;
  readonly width?: number;
  readonly now?: () => number;
}): (v: ProgressView) => void => {
  const now = opts.now ?? (() => performance.now());
  const interval = opts.intervalMs ?? (opts.tty ? 100 : 1000);
  let last = -Infinity;
  let open = false; // a tty bar drawn without its newline
  let phase = "";
  return (v) => {
    const t = now();
    const key = `${v.label}\u0000${v.unit ?? ""}\u0000${v.total}`;
    const finished = v.done >= v.total;
    if (key !== phase) {
      if (open) opts.write("\n"); // the previous phase's bar stays on screen as it was
      open = false;
      phase = key;
      last = -Infinity;
    }
    if (!finished && t - last < interval) return;
    last = t;
    if (!opts.tty) {
      opts.write(progressLine(v));
      return;
    }
    opts.write(`\r${progressLine(v, { tty: true, width: opts.width })}${ERASE_LINE}`);
    open = !finished;
    if (finished) opts.write("\n");
  };
};

/**
 * A throttled {@link ProgressReporter} over {@link progressWriter}: `(done, total, label?, unit?)`;
 * a call's label is appended to the reporter's (`demo` + `phase A`). Each phase (a new label or
 * unit) has its own clock, from the previous phase's last report, so its rate and ETA are its own.
 *
 * @example
 * ```ts
 * import { progressReporter } from "@neuroplastic/core/sim";
 * const lines: string[] = [];
 * const report = progressReporter({ label: "demo", write: (l) => lines.push(l), intervalMs: 0 });
 * report(10, 10, "phase A", "epoch");
 * console.log(lines[0].startsWith("demo phase A  10/10 epochs")); // true
 * ```
 */
export const progressReporter = (opts: {
  readonly label: string;
  readonly write: (line: string) => void;
  readonly intervalMs?: number;
  readonly unit?: string;
  readonly tty?: boolean;
  readonly now?: () => number;
}): ProgressReporter => {
  const now = opts.now ?? (() => performance.now());
  const writer = progressWriter({
    write: opts.write,
    tty: opts.tty,
    intervalMs: opts.intervalMs,
    now,
  });
  let phase: string | null = null;
  let start = now();
  let prev = start;
  return (done, total, label, unit) => {
    const l = label ? `${opts.label} ${label}` : opts.label, u = unit ?? opts.unit ?? "step";
    const t = now();
    const key = `${l}\u0000${u}`;
    // a later phase's clock starts when the previous phase last reported (its work began then)
    if (phase !== null && key !== phase) start = prev;
    phase = key;
    prev = t;
    writer({ label: l, done, total, elapsedMs: t - start, unit: u });
  };
};
