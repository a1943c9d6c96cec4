/**
 * Adapters from Effect results to fp-ts `Either` / `TaskEither`, for users whose
 * code lives in fp-ts. (Effect is fp-ts's successor and is used inside.)
 *
 * @module
 */
import { Effect, Either as EffEither, Exit } from "effect";
import * as E from "fp-ts/lib/Either.js";
import type * as TE from "fp-ts/lib/TaskEither.js";

/**
 * Runs a synchronous Effect and returns an fp-ts `Either` (defects are rethrown).
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { toEither } from "@neuroplastic/core/fp-ts";
 * console.log(toEither(Effect.succeed(1))); // { _tag: "Right", right: 1 }
 * ```
 */
export const toEither = <A, Err>(effect: Effect.Effect<A, Err>): E.Either<Err, A> => {
  const r = Effect.runSync(Effect.either(effect));
  return EffEither.isLeft(r) ? E.left(r.left) : E.right(r.right);
};

/**
 * Wraps an Effect as an fp-ts `TaskEither` (a thunk of a Promise of Either).
 * Typed failures become `Left`; defects and interruptions reject the promise.
 *
 * @example
 * ```ts
 * import { Effect } from "effect";
 * import { toTaskEither } from "@neuroplastic/core/fp-ts";
 * const te = toTaskEither(Effect.fail("bad"));
 * te().then((e) => console.log(e._tag)); // "Left"
 * ```
 */
export const toTaskEither = <A, Err>(effect: Effect.Effect<A, Err>): TE.TaskEither<Err, A> => () =>
  Effect.runPromiseExit(effect).then((exit) => {
    if (Exit.isSuccess(exit)) return E.right(exit.value);
    const cause = exit.cause;
    if (cause._tag === "Fail") return E.left(cause.error);
    throw new Error(`effect did not complete: ${cause._tag}`);
  });

/**
 * Lifts an fp-ts `Either` into an Effect.
 *
 * @example
 * ```ts
 * import * as E from "fp-ts/lib/Either.js";
 * import { Effect } from "effect";
 * import { fromEither } from "@neuroplastic/core/fp-ts";
 * console.log(Effect.runSync(fromEither(E.right(2)))); // 2
 * ```
 */
export const fromEither = <Err, A>(either: E.Either<Err, A>): Effect.Effect<A, Err> =>
  E.isLeft(either) ? Effect.fail(either.left) : Effect.succeed(either.right);
