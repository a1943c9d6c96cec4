import assert from "node:assert/strict";
import { Effect } from "effect";
import * as E from "fp-ts/lib/Either.js";
import { InvalidConfig } from "./errors.ts";
import { fromEither, toEither, toTaskEither } from "./fp-ts.ts";

Deno.test("toEither maps success and typed failure", () => {
  assert.deepStrictEqual(toEither(Effect.succeed(3)), E.right(3));
  const l = toEither(Effect.fail(new InvalidConfig({ field: "ne", message: "bad" })));
  assert.ok(E.isLeft(l) && l.left.field === "ne");
});

Deno.test("toTaskEither resolves to Left on failure, rejects on defect", async () => {
  assert.deepStrictEqual(await toTaskEither(Effect.succeed("a"))(), E.right("a"));
  assert.deepStrictEqual(await toTaskEither(Effect.fail(1))(), E.left(1));
  await assert.rejects(toTaskEither(Effect.die("boom")));
});

Deno.test("fromEither round-trips", () => {
  assert.equal(Effect.runSync(fromEither(E.right(5))), 5);
  assert.equal(Effect.runSync(Effect.flip(fromEither(E.left("x")))), "x");
});
