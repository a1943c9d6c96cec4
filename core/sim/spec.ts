/**
 * Declarative parameter specs: every field of a command's config schema becomes one flag with a
 * type, default, range, unit and one-line description, derived from the Effect `Schema` and a
 * table of field docs. One spelling rule maps fields to flags: each path segment in kebab-case,
 * segments joined by dots (`eta_stdp` → `--eta-stdp`, `ga.popSize` → `--ga.pop-size`).
 *
 * @module
 */
import { Option, type Schema, SchemaAST } from "effect";
import { InvalidConfig } from "../errors.ts";
import type { Json } from "./command.ts";

/** The kind of value a parameter takes on the command line. */
export type ParamKind =
  | "int"
  | "number"
  | "boolean"
  | "string"
  | "choice"
  | "int-list"
  | "number-list"
  | "string-list"
  | "json";

/** One line of documentation for a config field: a description and, for quantities, a unit. */
export interface FieldDoc {
  /** One-line description. */
  readonly description: string;
  /** Unit of the value (`ms`, `steps`, `1/step`, ...), when it has one. */
  readonly unit?: string;
}

/** Docs per dotted config field (`"ga.popsize"`); a plain string is a description without unit. */
export type FieldDocs = { readonly [field: string]: FieldDoc | string };

/** One parameter of a command: a config field and the flag that sets it. */
export interface ParamSpec {
  /** Dotted config path, e.g. `"ga.popsize"`. */
  readonly field: string;
  /** Path segments of the field. */
  readonly path: readonly string[];
  /** Flag name without dashes (the spelling rule applied to `path`). */
  readonly flag: string;
  /** Value kind. */
  readonly kind: ParamKind;
  /** Default value (from the command's defaults), when there is one. */
  readonly default: Json | undefined;
  /** Smallest allowed value (numbers), when the schema states one. */
  readonly min?: number;
  /** Largest allowed value (numbers), when the schema states one. */
  readonly max?: number;
  /** Whether `min` is exclusive (`> min`). */
  readonly exclusiveMin?: boolean;
  /** Allowed values (choices). */
  readonly choices?: readonly string[];
  /** Unit, when the value has one. */
  readonly unit?: string;
  /** One-line description ("" when the docs table has none: the conformance test fails then). */
  readonly description: string;
  /** Whether the field may be absent (or null). */
  readonly optional: boolean;
}

/**
 * Kebab-case of one name: `popSize` → `pop-size`, `eta_stdp` → `eta-stdp`, `nE` → `n-e`.
 *
 * @example
 * ```ts
 * import { kebab } from "@neuroplastic/core/sim";
 * console.log(kebab("sigmaInit"), kebab("sp_prob")); // "sigma-init" "sp-prob"
 * ```
 */
export const kebab = (name: string): string =>
  name.replace(/_/g, "-").replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

/**
 * The flag that sets a config path: kebab-case segments joined by dots.
 *
 * @example
 * ```ts
 * import { flagOfPath } from "@neuroplastic/core/sim";
 * console.log(flagOfPath(["ga", "popSize"])); // "ga.pop-size"
 * ```
 */
export const flagOfPath = (path: readonly string[]): string => path.map(kebab).join(".");

// deno-lint-ignore no-explicit-any
type AnySchema = Schema.Schema<any, any, never>;

interface Bounds {
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  integer?: boolean;
}

const boundsOf = (ast: SchemaAST.AST, acc: Bounds = {}): Bounds => {
  const js = SchemaAST.getJSONSchemaAnnotation(ast);
  if (Option.isSome(js)) {
    const a = js.value as Record<string, unknown>;
    if (typeof a.minimum === "number") acc.min = Math.max(acc.min ?? -Infinity, a.minimum);
    if (typeof a.exclusiveMinimum === "number") {
      acc.min = a.exclusiveMinimum;
      acc.exclusiveMin = true;
    }
    if (typeof a.maximum === "number") acc.max = Math.min(acc.max ?? Infinity, a.maximum);
    if (a.type === "integer") acc.integer = true;
  }
  if (SchemaAST.isRefinement(ast)) return boundsOf(ast.from, acc);
  return acc;
};

/** Strips refinements, transformations (to their encoded side) and suspensions. */
const base = (ast: SchemaAST.AST): SchemaAST.AST => {
  if (SchemaAST.isRefinement(ast)) return base(ast.from);
  if (SchemaAST.isTransformation(ast)) return base(ast.from);
  if (SchemaAST.isSuspend(ast)) return base(ast.f());
  return ast;
};

const isNullish = (ast: SchemaAST.AST): boolean =>
  SchemaAST.isUndefinedKeyword(ast) || (SchemaAST.isLiteral(ast) && ast.literal === null);

interface Leaf {
  kind: ParamKind;
  choices?: string[];
  bounds: Bounds;
  optional: boolean;
}

const leafOf = (ast0: SchemaAST.AST): Leaf | "struct" => {
  const bounds = boundsOf(ast0);
  const ast = base(ast0);
  let optional = false;
  if (SchemaAST.isUnion(ast)) {
    const members = ast.types.filter((t) => !isNullish(t));
    optional = members.length < ast.types.length;
    if (members.every((t) => SchemaAST.isLiteral(base(t)))) {
      const lits = members.map((t) => (base(t) as SchemaAST.Literal).literal);
      if (lits.every((l) => typeof l === "boolean")) return { kind: "boolean", bounds, optional };
      return { kind: "choice", choices: lits.map(String), bounds, optional };
    }
    if (members.length === 1) {
      const inner = leafOf(members[0]);
      return inner === "struct" ? inner : { ...inner, optional: true };
    }
    return { kind: "json", bounds, optional };
  }
  if (SchemaAST.isLiteral(ast)) {
    return { kind: "choice", choices: [String(ast.literal)], bounds, optional };
  }
  if (SchemaAST.isNumberKeyword(ast)) {
    return { kind: bounds.integer ? "int" : "number", bounds, optional };
  }
  if (SchemaAST.isBooleanKeyword(ast)) return { kind: "boolean", bounds, optional };
  if (SchemaAST.isStringKeyword(ast)) return { kind: "string", bounds, optional };
  if (SchemaAST.isTupleType(ast) && ast.elements.length === 0 && ast.rest.length === 1) {
    const el = leafOf(ast.rest[0].type);
    if (el !== "struct") {
      if (el.kind === "int") return { kind: "int-list", bounds: el.bounds, optional };
      if (el.kind === "number") return { kind: "number-list", bounds: el.bounds, optional };
      if (el.kind === "string" || el.kind === "choice") {
        return { kind: "string-list", choices: el.choices, bounds: {}, optional };
      }
    }
    return { kind: "json", bounds, optional };
  }
  if (SchemaAST.isTypeLiteral(ast)) return "struct";
  return { kind: "json", bounds, optional };
};

const docOf = (docs: FieldDocs, field: string): FieldDoc => {
  const d = docs[field];
  if (d === undefined) return { description: "" };
  return typeof d === "string" ? { description: d } : d;
};

const at = (value: unknown, path: readonly string[]): unknown => {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
};

const toJson = (v: unknown): Json | undefined => {
  if (v === undefined) return undefined;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  return v as Json;
};

/**
 * The parameters of a config schema: one per leaf field (nested structs become dotted fields), with
 * kind, range and choices from the schema, defaults from `defaults`, and description and unit from
 * `docs`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { intInRange, paramSpecs } from "@neuroplastic/core/sim";
 * const C = Schema.Struct({ ga: Schema.Struct({ popSize: intInRange(2, 1000) }) });
 * const [p] = paramSpecs(C, { ga: { popSize: 40 } }, { "ga.popSize": "population size" });
 * console.log(p.flag, p.min, p.max, p.default); // "ga.pop-size" 2 1000 40
 * ```
 */
export const paramSpecs = (
  schema: AnySchema,
  defaults: unknown,
  docs: FieldDocs,
): ParamSpec[] => {
  const out: ParamSpec[] = [];
  const walk = (ast: SchemaAST.AST, path: string[]): void => {
    const b = base(ast);
    if (SchemaAST.isTypeLiteral(b)) {
      for (const p of b.propertySignatures) {
        if (typeof p.name !== "string") continue;
        const child = [...path, p.name];
        const leaf = leafOf(p.type);
        if (leaf === "struct") {
          walk(p.type, child);
          continue;
        }
        const field = child.join(".");
        const doc = docOf(docs, field);
        out.push({
          field,
          path: child,
          flag: flagOfPath(child),
          kind: leaf.kind,
          default: toJson(at(defaults, child)),
          ...(leaf.bounds.min !== undefined && Number.isFinite(leaf.bounds.min)
            ? { min: leaf.bounds.min }
            : {}),
          ...(leaf.bounds.max !== undefined && Number.isFinite(leaf.bounds.max) &&
              leaf.bounds.max < Number.MAX_VALUE
            ? { max: leaf.bounds.max }
            : {}),
          ...(leaf.bounds.exclusiveMin ? { exclusiveMin: true } : {}),
          ...(leaf.choices ? { choices: leaf.choices } : {}),
          ...(doc.unit ? { unit: doc.unit } : {}),
          description: doc.description,
          optional: leaf.optional || p.isOptional,
        });
      }
      return;
    }
    if (path.length === 0) return; // a non-struct root has no fields to set
  };
  walk(schema.ast, []);
  return out;
};

/** Shown form of a raw flag value. */
const shown = (v: string | boolean): string =>
  v === true ? "no value" : v === "" ? '""' : JSON.stringify(v);

/**
 * The allowed values of a parameter, in words (`an integer in [1, 100]`, `one of a, b, c`).
 *
 * @example
 * ```ts
 * import { allowedText } from "@neuroplastic/core/sim";
 * console.log(allowedText({ kind: "choice", choices: ["a", "b"] })); // "one of a, b"
 * ```
 */
export const allowedText = (
  p: Pick<ParamSpec, "kind" | "min" | "max" | "exclusiveMin" | "choices">,
): string => {
  const range = (what: string): string => {
    if (p.min !== undefined && p.max !== undefined) {
      return `${what} in ${p.exclusiveMin ? "(" : "["}${p.min}, ${p.max}]`;
    }
    if (p.min !== undefined) return `${what} ${p.exclusiveMin ? ">" : "≥"} ${p.min}`;
    if (p.max !== undefined) return `${what} ≤ ${p.max}`;
    return what;
  };
  switch (p.kind) {
    case "int":
      return range("an integer");
    case "number":
      return range("a number");
    case "boolean":
      return "true or false";
    case "string":
      return "a string";
    case "choice":
      return `one of ${(p.choices ?? []).join(", ")}`;
    case "int-list":
      return `a comma-separated list of ${range("integers")}`;
    case "number-list":
      return `a comma-separated list of ${range("numbers")}`;
    case "string-list":
      return p.choices
        ? `a comma-separated list of ${p.choices.join(", ")}`
        : "a comma-separated list";
    case "json":
      return "a JSON value";
  }
};

const inBounds = (p: ParamSpec, n: number): boolean =>
  Number.isFinite(n) &&
  (p.min === undefined || (p.exclusiveMin ? n > p.min : n >= p.min)) &&
  (p.max === undefined || n <= p.max) &&
  (p.kind !== "int" && p.kind !== "int-list" || Number.isInteger(n));

const toNumber = (s: string): number => (s.trim() === "" ? NaN : Number(s));

/**
 * Parses one raw flag value (`"20"`, `"a,b"`, bare `true`) for a parameter, failing with an
 * {@link InvalidConfig} that names the flag and every allowed value.
 *
 * @example
 * ```ts
 * import { parseParam } from "@neuroplastic/core/sim";
 * const p = { field: "n", path: ["n"], flag: "n", kind: "int", default: 1, min: 1, max: 9, description: "n", optional: false } as const;
 * console.log(parseParam(p, "4")); // 4
 * ```
 */
export const parseParam = (p: ParamSpec, raw: string | boolean): Json => {
  const fail = (): never => {
    throw new InvalidConfig({
      field: p.field,
      message: `--${p.flag}: must be ${allowedText(p)}, got ${shown(raw)}`,
      allowed: allowedText(p),
    });
  };
  if (p.kind === "boolean") {
    if (raw === true || raw === "true") return true;
    if (raw === "false") return false;
    return fail();
  }
  if (typeof raw !== "string") return fail();
  if (p.optional && (raw === "null" || raw === "none")) return null;
  switch (p.kind) {
    case "int":
    case "number": {
      const n = toNumber(raw);
      return inBounds(p, n) ? n + 0 : fail();
    }
    case "string":
      return raw === "" ? fail() : raw;
    case "choice":
      return p.choices?.includes(raw) ? raw : fail();
    case "int-list":
    case "number-list": {
      const parts = raw.split(",");
      const ns = parts.map(toNumber);
      return parts.length > 0 && ns.every((n) => inBounds(p, n)) ? ns : fail();
    }
    case "string-list": {
      const parts = raw.split(",").filter((s) => s !== "");
      if (parts.length === 0) return fail();
      if (p.choices && !parts.every((s) => p.choices!.includes(s))) return fail();
      return parts;
    }
    case "json":
      try {
        return JSON.parse(raw) as Json;
      } catch {
        return fail();
      }
  }
};

/**
 * Edit distance between two strings (insertions, deletions, substitutions, adjacent swaps).
 *
 * @example
 * ```ts
 * import { editDistance } from "@neuroplastic/core/sim";
 * console.log(editDistance("seqlen", "seq-len")); // 1
 * ```
 */
export const editDistance = (a: string, b: string): number => {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
};

/**
 * The candidate closest to `name` (ignoring dashes, dots and case first), or `undefined` when none
 * is close enough to be a likely typo.
 *
 * @example
 * ```ts
 * import { closest } from "@neuroplastic/core/sim";
 * console.log(closest("seqlen", ["seq-len", "seed"])); // "seq-len"
 * console.log(closest("epoch", ["epochs", "seed"])); // "epochs"
 * ```
 */
export const closest = (name: string, candidates: readonly string[]): string | undefined => {
  const norm = (s: string): string => s.replace(/[-_.]/g, "").toLowerCase();
  const n = norm(name);
  const exact = candidates.find((c) => norm(c) === n);
  if (exact) return exact;
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(n, norm(c));
    if (dist < bestD) {
      bestD = dist;
      best = c;
    }
  }
  return bestD <= Math.max(1, Math.floor(n.length / 3)) ? best : undefined;
};

/**
 * Sets `value` at `path` in a plain-object tree (creating objects on the way); returns the tree.
 *
 * @example
 * ```ts
 * import { setPath } from "@neuroplastic/core/sim";
 * console.log(setPath({}, ["ga", "popsize"], 60)); // { ga: { popsize: 60 } }
 * ```
 */
export const setPath = (
  tree: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> => {
  let o = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    const next = o[k];
    if (next === null || typeof next !== "object" || Array.isArray(next)) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[path[path.length - 1]] = value;
  return tree;
};
