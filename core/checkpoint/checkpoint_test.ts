import assert from "node:assert/strict";
import fc from "fast-check";
import { CheckpointCorrupt } from "../errors.ts";
import {
  checkpointBytes,
  decodeState,
  encodeState,
  parseCheckpoint,
  readCheckpointSync,
  stateHash,
  writeCheckpointSync,
} from "./mod.ts";

const leaf = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.float32Array().map((a) => a),
  fc.float64Array(),
  fc.int32Array(),
  fc.uint8Array(),
  fc.uint32Array(),
);
const tree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    leaf,
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.string().filter((k) => !k.startsWith("$") && k !== "__proto__"), tie("node"), {
      maxKeys: 4,
      noNullPrototype: true,
    }),
  ),
})).node;

Deno.test("codec: decode(encode(x)) is x, bit for bit (fast-check)", () => {
  fc.assert(
    fc.property(tree, (x) => {
      const back = decodeState(encodeState(x));
      assert.deepStrictEqual(back, x);
      // canonical: re-encoding gives identical bytes
      assert.deepStrictEqual(encodeState(back), encodeState(x));
    }),
    { seed: 42, numRuns: 300 },
  );
});

Deno.test("codec: key order does not change the bytes; values do", () => {
  const a = { x: 1, y: new Float64Array([1, 2]) };
  const b = { y: new Float64Array([1, 2]), x: 1 };
  assert.equal(stateHash(a), stateHash(b));
  assert.notEqual(stateHash(a), stateHash({ x: 1, y: new Float64Array([1, 2.0000000001]) }));
  // -0 and 0 differ, as do f32 and f64 arrays of the same values
  assert.notEqual(stateHash({ v: -0 }), stateHash({ v: 0 }));
  assert.notEqual(stateHash(new Float32Array([1])), stateHash(new Float64Array([1])));
});

Deno.test("codec: rejects what it cannot encode, naming the path", () => {
  assert.throws(() => encodeState({ a: { f: () => 1 } }), /state\.a\.f/);
  assert.throws(() => encodeState({ d: new Date() }), /state\.d/);
  const cyc: Record<string, unknown> = {};
  cyc.self = cyc;
  assert.throws(() => encodeState(cyc), /cycle/);
});

Deno.test("checkpoint: every truncation and every single-byte flip fails with CheckpointCorrupt", () => {
  const bytes = checkpointBytes({
    step: 7,
    meta: { engine: "t" },
    state: { w: new Float64Array([1, 2, 3]), t: 7 },
  });
  assert.equal(parseCheckpoint(bytes, "m").step, 7);
  for (let n = 0; n < bytes.length; n++) {
    assert.throws(() => parseCheckpoint(bytes.subarray(0, n), "m"), CheckpointCorrupt);
  }
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.slice();
    c[i] ^= 0x10;
    assert.throws(() => parseCheckpoint(c, "m"), CheckpointCorrupt);
  }
});

Deno.test("checkpoint: atomic write then read round-trips; a failed write leaves the old file", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/c.bin`;
  writeCheckpointSync(path, { step: 1, meta: null, state: { x: new Float32Array([1.5]) } });
  const c = readCheckpointSync(path);
  assert.equal(c.step, 1);
  assert.deepStrictEqual(c.state, { x: new Float32Array([1.5]) });
  // an unencodable state throws before touching the file
  assert.throws(() => writeCheckpointSync(path, { step: 2, meta: null, state: { f: Symbol() } }));
  assert.equal(readCheckpointSync(path).step, 1);
  assert.deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["c.bin"]);
  assert.throws(() => readCheckpointSync(`${dir}/missing.bin`), CheckpointCorrupt);
  Deno.removeSync(dir, { recursive: true });
});
