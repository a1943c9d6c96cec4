/**
 * The showcase contract: a seeded, self-contained run that returns figures and report sections.
 *
 * @module
 */
import type { ReportSection } from "./html.ts";

/** What a showcase returns. */
export interface ShowcaseResult {
  /** The headline figures, printed by the demo and kept in its summary.json. */
  readonly figures: { readonly [name: string]: unknown };
  /** The report sections (text, plots, tables). */
  readonly sections: readonly ReportSection[];
}

/** A showcase: one engine's part of the demo and of the report. */
export interface Showcase {
  /** Engine name. */
  readonly name: string;
  /** Section title in the demo. */
  readonly title: string;
  /**
   * Runs the seeded showcase, reporting progress phase by phase: each phase (its `label`) counts
   * `done` of `total` in its own `unit` (singular: `step`, `generation`, ...) up to `total`.
   */
  readonly run: (opts: {
    readonly seed: number;
    readonly progress: (done: number, total: number, label?: string, unit?: string) => void;
  }) => Promise<ShowcaseResult>;
}
