/**
 * `np export <run dir> --format npy|csv|parquet [--what records|final] [--out file-or-dir]`:
 * a run folder's records (`records.ndjson`) or final state (`final.bin`) as files NumPy, pandas
 * and Arrow read.
 *
 * - **records** is one table, a row per recorded step: `step`, then one column per scalar record
 *   and `name[i]` per element of a vector record (nested values flatten to `name.key[i]`); a cell
 *   a step did not record, or a non-finite value, is empty (CSV), null (Parquet) or NaN (NPY).
 *   NPY writes a folder: `step.npy` (int64) and `<name>.npy` (float64, one row per step).
 * - **final** is every numeric leaf of the final state by its path (`ee.w`, `x`): NPY writes
 *   `<path>.npy` in the array's own dtype; CSV and Parquet one long table `array,index,value`.
 *
 * Only the target is written: by default `<run dir>/export/{records,final}.{csv,parquet}` or the
 * folder `<run dir>/export/{records,final}/` (NPY); `--out` names the file (or, for NPY, the
 * folder) instead. Parquet comes from `hyparquet-writer` (pure JavaScript, no native code).
 *
 * @module
 */
import { Effect } from "effect";
import { parquetWriteBuffer } from "hyparquet-writer";
import { FileError, UsageError } from "@neuroplastic/core/errors";
import { loadRunState, readManifest } from "@neuroplastic/core/sim";
import { type NpyArray, npyBytes } from "./npy.ts";

/** Export formats. */
export const EXPORT_FORMATS: readonly string[] = ["npy", "csv", "parquet"];
/** What can be exported. */
export const EXPORT_WHATS: readonly string[] = ["records", "final"];

/** A wide table of numbers: one row per step, one column per record element. */
export interface RecordsTable {
  /** The recorded steps, ascending. */
  readonly steps: readonly number[];
  /** Column names, in first-seen order (`name`, `name[i]`, `name.key`). */
  readonly columns: readonly string[];
  /** Values by column (NaN where a step has none). */
  readonly values: readonly Float64Array[];
  /** For each record name, its columns (in order) and its shape per row. */
  readonly groups: readonly { readonly name: string; readonly columns: readonly number[] }[];
}

const flatten = (v: unknown, prefix: string, out: [string, number][]): void => {
  if (Array.isArray(v)) v.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) flatten(x, `${prefix}.${k}`, out);
  } else if (typeof v === "number") out.push([prefix, v]);
  else if (typeof v === "boolean") out.push([prefix, v ? 1 : 0]);
  else out.push([prefix, NaN]); // null (a non-finite number in the run) or text
};

/**
 * The records of `records.ndjson` text as one wide table.
 *
 * @example
 * ```ts
 * import { recordsTable } from "./export.ts";
 * const t = recordsTable('{"step":1,"name":"x","value":[1,2]}\n{"step":1,"name":"e","value":0.5}\n');
 * console.log(t.steps, t.columns); // [ 1 ] [ "x[0]", "x[1]", "e" ]
 * ```
 */
export const recordsTable = (ndjson: string): RecordsTable => {
  const rows = new Map<number, Map<string, number>>();
  const colIndex = new Map<string, number>();
  const columns: string[] = [];
  const groups = new Map<string, number[]>();
  for (const line of ndjson.split("\n")) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { step: number; name: string; value: unknown };
    const cells: [string, number][] = [];
    flatten(r.value, r.name, cells);
    const row = rows.get(r.step) ?? new Map<string, number>();
    rows.set(r.step, row);
    for (const [c, v] of cells) {
      if (!colIndex.has(c)) {
        colIndex.set(c, columns.length);
        columns.push(c);
        groups.set(r.name, [...(groups.get(r.name) ?? []), columns.length - 1]);
      }
      row.set(c, v);
    }
  }
  const steps = [...rows.keys()].sort((a, b) => a - b);
  const values = columns.map((c) => Float64Array.from(steps, (s) => rows.get(s)!.get(c) ?? NaN));
  return {
    steps,
    columns,
    values,
    groups: [...groups].map(([name, cols]) => ({ name, columns: cols })),
  };
};

/** A numeric leaf of a state: its path and values (the typed array's own dtype, else f64). */
export interface StateArray {
  /** Dotted path in the state (`ee.w`, `trace`, `search.step`). */
  readonly path: string;
  /** The values. */
  readonly data: NpyArray;
  /** Shape: `[]` for a number, `[n]` for an array, `[n, k]` for equal-length rows. */
  readonly shape: readonly number[];
}

/**
 * Every numeric leaf of a state tree: typed arrays, arrays of numbers (and of equal-length
 * number arrays, as 2-D), and numbers. Strings, booleans and nulls are skipped.
 *
 * @example
 * ```ts
 * import { stateArrays } from "./export.ts";
 * const a = stateArrays({ t: 3, x: Float32Array.of(1, 2), m: [[1, 2], [3, 4]], tag: "a" });
 * console.log(a.map((v) => `${v.path}:${v.shape.join("x")}`)); // [ "m:2x2", "t:", "x:2" ]
 * ```
 */
export const stateArrays = (state: unknown): StateArray[] => {
  const out: StateArray[] = [];
  const isNums = (v: unknown): v is number[] =>
    Array.isArray(v) && v.every((x) => typeof x === "number");
  const walk = (v: unknown, path: string): void => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const a = v as unknown as NpyArray;
      out.push({ path, data: a, shape: [a.length] });
    } else if (typeof v === "number") out.push({ path, data: Float64Array.of(v), shape: [] });
    else if (isNums(v)) out.push({ path, data: Float64Array.from(v), shape: [v.length] });
    else if (
      Array.isArray(v) && v.length > 0 && v.every(isNums) &&
      v.every((r) => r.length === v[0].length)
    ) {
      out.push({ path, data: Float64Array.from(v.flat()), shape: [v.length, v[0].length] });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v !== null && typeof v === "object") {
      for (const k of Object.keys(v).sort()) {
        walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      }
    }
  };
  walk(state, "");
  return out;
};

/** A cell as CSV text: the shortest round-trip decimal, `inf`/`-inf`, empty for NaN. */
const csvCell = (v: number | bigint): string =>
  typeof v === "bigint"
    ? v.toString()
    : Number.isNaN(v)
    ? ""
    : v === Infinity
    ? "inf"
    : v === -Infinity
    ? "-inf"
    : String(v);

const quote = (s: string): string => /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

/**
 * A records table as CSV (header `step,<columns>`).
 *
 * @example
 * ```ts
 * import { recordsCsv, recordsTable } from "./export.ts";
 * console.log(recordsCsv(recordsTable('{"step":2,"name":"e","value":0.5}\n'))); // step,e\n2,0.5\n
 * ```
 */
export const recordsCsv = (t: RecordsTable): string => {
  const lines = [["step", ...t.columns].map(quote).join(",")];
  t.steps.forEach((s, i) => lines.push([s, ...t.values.map((c) => c[i])].map(csvCell).join(",")));
  return lines.join("\n") + "\n";
};

/**
 * State arrays as one long CSV table `array,index,value` (index in C order).
 *
 * @example
 * ```ts
 * import { finalCsv } from "./export.ts";
 * console.log(finalCsv([{ path: "x", data: Float64Array.of(1, 2), shape: [2] }])); // array,index,value\nx,0,1\nx,1,2\n
 * ```
 */
export const finalCsv = (arrays: readonly StateArray[]): string => {
  const lines = ["array,index,value"];
  for (const a of arrays) {
    const p = quote(a.path);
    for (let i = 0; i < a.data.length; i++) lines.push(`${p},${i},${csvCell(a.data[i])}`);
  }
  return lines.join("\n") + "\n";
};

/**
 * A records table as Parquet bytes: `step` (INT64), then one nullable DOUBLE column per record
 * element (null where NaN).
 *
 * @example
 * ```ts
 * import { recordsParquet, recordsTable } from "./export.ts";
 * const b = recordsParquet(recordsTable('{"step":2,"name":"e","value":0.5}\n'));
 * console.log(new TextDecoder().decode(b.subarray(0, 4))); // PAR1
 * ```
 */
export const recordsParquet = (t: RecordsTable): Uint8Array =>
  new Uint8Array(parquetWriteBuffer({
    columnData: [
      { name: "step", data: BigInt64Array.from(t.steps, (s) => BigInt(s)), type: "INT64" },
      ...t.columns.map((name, j) => ({
        name,
        data: Array.from(t.values[j], (v) => (Number.isNaN(v) ? null : v)),
        type: "DOUBLE" as const,
      })),
    ],
  }));

/**
 * State arrays as Parquet bytes: the long table `array` (STRING), `index` (INT64), `value`
 * (DOUBLE; 64-bit integers converted).
 *
 * @example
 * ```ts
 * import { finalParquet } from "./export.ts";
 * const b = finalParquet([{ path: "x", data: Float64Array.of(1, 2), shape: [2] }]);
 * console.log(b.length > 0); // true
 * ```
 */
export const finalParquet = (arrays: readonly StateArray[]): Uint8Array => {
  const n = arrays.reduce((p, a) => p + a.data.length, 0);
  const names: string[] = new Array(n);
  const index = new BigInt64Array(n);
  const value = new Float64Array(n);
  let r = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.data.length; i++, r++) {
      names[r] = a.path;
      index[r] = BigInt(i);
      value[r] = Number(a.data[i]);
    }
  }
  return new Uint8Array(parquetWriteBuffer({
    columnData: [
      { name: "array", data: names, type: "STRING" },
      { name: "index", data: index, type: "INT64" },
      { name: "value", data: value, type: "DOUBLE" },
    ],
  }));
};

/** A file name for an array path (`ee.w` → `ee.w.npy`, `a[0]/b` → `a[0]_b.npy`). */
const fileName = (path: string): string => `${path.replace(/[^A-Za-z0-9._\[\]-]/g, "_")}.npy`;

/** The options of `np export`. */
export interface ExportOptions {
  /** `npy`, `csv` or `parquet`. */
  readonly format: string;
  /** `records` (default) or `final`. */
  readonly what?: string;
  /** Target file (CSV, Parquet) or folder (NPY); default under `<dir>/export/`. */
  readonly out?: string;
}

const io = <A>(path: string, f: () => A): Effect.Effect<A, FileError> =>
  Effect.try({
    try: f,
    catch: (e) => new FileError({ path, reason: e instanceof Error ? e.message : String(e) }),
  });

const isDir = (p: string): boolean => {
  try {
    return Deno.statSync(p).isDirectory;
  } catch {
    return false;
  }
};

/**
 * Exports a run folder's records or final state; returns the files written (only under the
 * target: `--out`, or `<dir>/export/`).
 *
 * @example
 * ```ts ignore
 * import { Effect } from "effect";
 * import { exportRun } from "./export.ts";
 * const files = Effect.runSync(exportRun("out/walk", { format: "csv" })); // [ "out/walk/export/records.csv" ]
 * ```
 */
export const exportRun = (
  dir: string,
  opts: ExportOptions,
): Effect.Effect<string[], UsageError | FileError> =>
  Effect.gen(function* () {
    const what = opts.what ?? "records";
    if (!EXPORT_FORMATS.includes(opts.format)) {
      return yield* new UsageError({
        flag: "format",
        message: `--format must be one of ${EXPORT_FORMATS.join(", ")}, got '${opts.format}'`,
      });
    }
    if (!EXPORT_WHATS.includes(what)) {
      return yield* new UsageError({
        flag: "what",
        message: `--what must be one of ${EXPORT_WHATS.join(", ")}, got '${what}'`,
      });
    }
    if (!readManifest(dir)) {
      return yield* new FileError({ path: dir, reason: "not a run folder (no run.json)" });
    }
    const ext = opts.format === "npy" ? "" : `.${opts.format}`;
    let target = opts.out ?? `${dir}/export/${what}${ext}`;
    if (opts.format !== "npy" && isDir(target)) target = `${target}/${what}${ext}`;
    const folder = opts.format === "npy" ? target : target.replace(/\/[^/]*$/, "") || ".";
    const write = (path: string, bytes: Uint8Array | string) =>
      io(path, () => {
        Deno.mkdirSync(folder, { recursive: true });
        if (typeof bytes === "string") Deno.writeTextFileSync(path, bytes);
        else Deno.writeFileSync(path, bytes);
        return path;
      });
    if (what === "records") {
      const path = `${dir}/records.ndjson`;
      const text = yield* io(path, () => {
        try {
          return Deno.readTextFileSync(path);
        } catch (e) {
          if (e instanceof Deno.errors.NotFound) return "";
          throw e;
        }
      });
      const t = recordsTable(text);
      if (t.steps.length === 0) {
        return yield* new UsageError({
          flag: "what",
          message: `${dir} has no records (run the command with --record NAME [--stride K])`,
        });
      }
      if (opts.format === "csv") return [yield* write(target, recordsCsv(t))];
      if (opts.format === "parquet") return [yield* write(target, recordsParquet(t))];
      const files = [
        yield* write(
          `${target}/step.npy`,
          npyBytes(BigInt64Array.from(t.steps, (s) => BigInt(s)), [t.steps.length]),
        ),
      ];
      for (const g of t.groups) {
        const k = g.columns.length, n = t.steps.length;
        const data = new Float64Array(n * k);
        g.columns.forEach((c, j) => t.values[c].forEach((v, i) => (data[i * k + j] = v)));
        const scalar = k === 1 && t.columns[g.columns[0]] === g.name;
        files.push(
          yield* write(`${target}/${fileName(g.name)}`, npyBytes(data, scalar ? [n] : [n, k])),
        );
      }
      return files;
    }
    const path = `${dir}/final.bin`;
    const run = yield* loadRunState(dir).pipe(
      Effect.mapError((e) => new FileError({ path, reason: e.message })),
    );
    if (!run.finished) {
      return yield* new UsageError({
        flag: "what",
        message: `${dir} has no final.bin: the run did not finish (np resume ${dir})`,
      });
    }
    const arrays = stateArrays(run.state);
    if (opts.format === "csv") return [yield* write(target, finalCsv(arrays))];
    if (opts.format === "parquet") return [yield* write(target, finalParquet(arrays))];
    const files: string[] = [];
    for (const a of arrays) {
      files.push(yield* write(`${target}/${fileName(a.path)}`, npyBytes(a.data, a.shape)));
    }
    return files;
  });
