/**
 * The showcase contract: a seeded, self-contained run that returns figures and report sections.
 *
 * @module
 */
import type { ReportSection } from "./html.ts";

/** What a showcase returns. */
export interface ShowcaseResult {
  readonly figures: { readonly [name: string]: unknown };
  readonly sections: readonly ReportSection[];
}

/** A showcase: one engine's part of the demo and of the report. */
export interface Showcase {
  readonly name: string;
  readonly title: string;
  readonly run: (opts: {
    readonly seed: number;
    readonly progress: (done: number, total: number, label?: string) => void;
  }) => Promise<ShowcaseResult>;
}
