/**
 * Messages between the playground page and its worker.
 *
 * @module
 */
import type { CatalogCommand, Flags } from "./flags.ts";

/** One drawn figure (SVG text from the shared chart module). */
export interface FigureText {
  /** Stable id (`data-plot`). */
  readonly id: string;
  /** SVG text. */
  readonly svg: string;
}

/** What the page asks of the worker. */
export type FromPage =
  | { readonly type: "catalog" }
  | {
    readonly type: "open";
    readonly engine: string;
    readonly command: string;
    readonly flags: Flags;
  }
  | { readonly type: "start" }
  | { readonly type: "pause" }
  | { readonly type: "step" }
  | { readonly type: "reset" }
  | { readonly type: "export" }
  | {
    readonly type: "import";
    readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  };

/** What the worker tells the page. */
export type ToPage =
  | { readonly type: "ready" }
  | { readonly type: "catalog"; readonly commands: readonly CatalogCommand[] }
  | {
    readonly type: "backend";
    /** Whether a WebGPU adapter exists (the `--backend gpu` commands then run on it). */
    readonly gpu: boolean;
    /** What the page shows: `WebGPU (adapter)` or `CPU (why not WebGPU)`. */
    readonly text: string;
  }
  | {
    readonly type: "opened";
    readonly ok: boolean;
    readonly error?: string;
    readonly field?: string;
    readonly total?: number;
    readonly done?: number;
  }
  | {
    readonly type: "frame";
    readonly running: boolean;
    readonly done: number;
    readonly total: number;
    readonly unit: string;
    readonly finished: boolean;
    readonly stateHash: string | null;
    readonly hashDone: number | null;
    readonly perSecond: number | null;
    readonly figures: readonly FigureText[] | null;
    /** A function command's result object (JSON, without its config), once it ran. */
    readonly result?: string;
    readonly error?: string;
  }
  | { readonly type: "export"; readonly name: string; readonly bytes: Uint8Array }
  | {
    readonly type: "imported";
    readonly ok: boolean;
    readonly error?: string;
    readonly engine?: string;
    readonly command?: string;
    readonly flags?: Flags;
    readonly step?: number;
  };
