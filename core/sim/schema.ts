/**
 * Schema building blocks for engine configs, and decoding that turns a
 * `ParseError` into an {@link InvalidConfig} naming the field and its allowed range.
 *
 * @module
 */
import { Effect, Either, ParseResult, Schema } from "effect";
import { InvalidConfig } from "../errors.ts";

/**
 * effect's `Schema.Schema<number, number>`: a schema decoding a number into a number.
 *
 * Local alias because `deno doc --lint` reports every reference to an npm package's type as a
 * private type (denoland/deno#27364); effect documents the type upstream.
 *
 * @internal
 */
type NumberSchema = Schema.Schema<number, number>;

const finiteNumber = Schema.Number.pipe(
  Schema.filter((n) => Number.isFinite(n), { message: () => "must be a finite number" }),
);

/**
 * A finite number in `[lo, hi]` (either bound may be ±Infinity); the error names the range.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { inRange } from "@neuroplastic/core/sim";
 * const C = Schema.Struct({ eta: inRange(0, 1) });
 * console.log(Schema.decodeUnknownSync(C)({ eta: 0.5 }));
 * ```
 */
export const inRange = (lo: number, hi: number): Schema.Schema<number, number> =>
  Schema.Number.pipe(
    Schema.filter((n) => Number.isFinite(n) && n >= lo && n <= hi, {
      message: () => `must be a number in [${lo}, ${hi}]`,
      jsonSchema: { type: "number", minimum: lo, maximum: hi },
    }),
  );

/**
 * An integer in `[lo, hi]`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { intInRange } from "@neuroplastic/core/sim";
 * const Ne = intInRange(1, 100_000);
 * console.log(Schema.is(Ne)(200), Schema.is(Ne)(2.5)); // true false
 * ```
 */
export const intInRange = (lo: number, hi: number): Schema.Schema<number, number> =>
  Schema.Number.pipe(
    Schema.filter((n) => Number.isInteger(n) && n >= lo && n <= hi, {
      message: () => `must be an integer in [${lo}, ${hi}]`,
      jsonSchema: { type: "integer", minimum: lo, maximum: hi },
    }),
  );

/**
 * A probability in `[0, 1]`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { Probability } from "@neuroplastic/core/sim";
 * console.log(Schema.decodeUnknownSync(Probability)(0.3)); // 0.3
 * console.log(Schema.is(Probability)(1.5)); // false
 * ```
 */
export const Probability: NumberSchema = inRange(0, 1);

/**
 * A non-negative finite number (a rate, a learning rate, a standard deviation).
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { NonNegative } from "@neuroplastic/core/sim";
 * console.log(Schema.decodeUnknownSync(NonNegative)(0)); // 0
 * console.log(Schema.is(NonNegative)(-1)); // false
 * ```
 */
export const NonNegative: NumberSchema = inRange(0, Number.MAX_VALUE);

/**
 * A strictly positive finite number.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { Positive } from "@neuroplastic/core/sim";
 * console.log(Schema.decodeUnknownSync(Positive)(2.5)); // 2.5
 * console.log(Schema.is(Positive)(0)); // false
 * ```
 */
export const Positive: NumberSchema = finiteNumber.pipe(
  Schema.filter((n) => n > 0, {
    message: () => "must be a finite number > 0",
    jsonSchema: { type: "number", exclusiveMinimum: 0 },
  }),
);

/**
 * Converts a Schema `ParseError` into an {@link InvalidConfig} naming the first bad field
 * (dotted path) and the constraint it broke.
 *
 * @example
 * ```ts
 * import { Schema, Either } from "effect";
 * import { parseErrorToInvalidConfig } from "@neuroplastic/core/sim";
 * const r = Schema.decodeUnknownEither(Schema.Struct({ n: Schema.Number }))({ n: "x" });
 * if (Either.isLeft(r)) console.log(parseErrorToInvalidConfig(r.left).field); // "n"
 * ```
 */
export const parseErrorToInvalidConfig = (error: ParseResult.ParseError): InvalidConfig => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error);
  const first = issues[0];
  const field = first && first.path.length > 0 ? first.path.map(String).join(".") : "(root)";
  const message = first ? first.message : String(error);
  const range = /must be (an? [^,]*in \[[^\]]*\]|a finite number > 0|a probability.*)/.exec(
    message,
  );
  return new InvalidConfig({
    field,
    message: `${field}: ${message}`,
    allowed: range ? range[1] : undefined,
  });
};

/**
 * Decodes unknown input (e.g. parsed JSON) with `schema`, failing with an
 * {@link InvalidConfig} that names the field. Unknown fields are rejected.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect";
 * import { decodeConfig, intInRange } from "@neuroplastic/core/sim";
 * const C = Schema.Struct({ ne: intInRange(1, 1000) });
 * const ok = Effect.runSync(decodeConfig(C, { ne: 200 }));
 * console.log(ok.ne);
 * ```
 */
export const decodeConfig = <A, I>(
  schema: Schema.Schema<A, I, never>,
  input: unknown,
): Effect.Effect<A, InvalidConfig> => {
  const result = Schema.decodeUnknownEither(schema, { onExcessProperty: "error", errors: "first" })(
    input,
  );
  return Either.isLeft(result)
    ? Effect.fail(parseErrorToInvalidConfig(result.left))
    : Effect.succeed(result.right);
};

/**
 * Synchronous {@link decodeConfig}: returns the config or throws the {@link InvalidConfig}.
 *
 * @example
 * ```ts
 * import { Schema } from "effect";
 * import { decodeConfigSync } from "@neuroplastic/core/sim";
 * const c = decodeConfigSync(Schema.Struct({ a: Schema.Number }), { a: 1 });
 * ```
 */
export const decodeConfigSync = <A, I>(schema: Schema.Schema<A, I, never>, input: unknown): A => {
  const result = Schema.decodeUnknownEither(schema, { onExcessProperty: "error", errors: "first" })(
    input,
  );
  if (Either.isLeft(result)) throw parseErrorToInvalidConfig(result.left);
  return result.right;
};

/**
 * Merges a partial JSON config over defaults (one level deep for nested objects) before decoding.
 *
 * @example
 * ```ts
 * import { mergeConfig } from "@neuroplastic/core/sim";
 * console.log(mergeConfig({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 5 } })); // { a: 1, b: { c: 5, d: 3 } }
 * ```
 */
export const mergeConfig = (defaults: unknown, overrides: unknown): unknown => {
  if (!isPlainObject(defaults) || !isPlainObject(overrides)) {
    return overrides === undefined ? defaults : overrides;
  }
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(overrides)) {
    out[k] = k in defaults ? mergeConfig(defaults[k], v) : v;
  }
  return out;
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
