import assert from "node:assert/strict";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { sha256 } from "./sha256.ts";
import { sha256Bytes, sha256Hex } from "./hash.ts";

const hex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

Deno.test("sha256 (plain TS): FIPS 180-2 known answers", () => {
  assert.equal(
    hex(sha256(utf8(""))),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.equal(
    hex(sha256(utf8("abc"))),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(
    hex(sha256(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
});

Deno.test("sha256 (plain TS) equals node:crypto on every length around the block edges and at random (fast-check)", () => {
  for (let n = 0; n <= 200; n++) {
    const b = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
    assert.equal(hex(sha256(b)), createHash("sha256").update(b).digest("hex"), `length ${n}`);
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 3000 }), (b) => {
      assert.equal(hex(sha256(b)), createHash("sha256").update(b).digest("hex"));
    }),
    { seed: 42, numRuns: 100 },
  );
});

Deno.test("sha256Bytes/sha256Hex (the runtime's digest) equal the plain-TS one", () => {
  const b = utf8("neuroplastic");
  assert.deepStrictEqual(sha256Bytes(b), sha256(b));
  assert.equal(sha256Hex(b), hex(sha256(b)));
});
