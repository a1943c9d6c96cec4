import assert from "node:assert/strict";
import fc from "fast-check";
import { emitModule, I32, op, sleb128, uleb128 } from "./wasm_emit.ts";
import { gemmModuleBytes, wasmGemmAvailable } from "./wasm_gemm.ts";
import { FC } from "./test_util.ts";

function decodeLeb(bytes: number[], signed: boolean): number {
  let result = 0n, shift = 0n, i = 0, byte = 0;
  do {
    byte = bytes[i++];
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  assert.equal(i, bytes.length, "trailing bytes");
  if (signed && byte & 0x40) result -= 1n << shift;
  return Number(result);
}

Deno.test("LEB128: spec examples and round trips", () => {
  assert.deepEqual(uleb128(0), [0]);
  assert.deepEqual(uleb128(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(sleb128(-123456), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(sleb128(-1), [0x7f]);
  assert.deepEqual(sleb128(63), [0x3f]);
  assert.deepEqual(sleb128(64), [0xc0, 0x00]);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      (n) => decodeLeb(uleb128(n), false) === n,
    ),
    FC,
  );
  fc.assert(
    fc.property(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      (n) => decodeLeb(sleb128(n), true) === n,
    ),
    FC,
  );
});

Deno.test("emitModule: a hand-written function validates and runs", () => {
  // f(x, y) = x * y + 7
  const bytes = emitModule([{
    name: "f",
    params: [I32, I32],
    results: [I32],
    locals: [],
    body: [...op.localGet(0), ...op.localGet(1), ...op.i32Mul, ...op.i32Const(7), ...op.i32Add],
  }], 1);
  assert.ok(WebAssembly.validate(bytes));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const f = inst.exports.f as (x: number, y: number) => number;
  assert.equal(f(6, 7), 49);
  assert.equal((inst.exports.memory as WebAssembly.Memory).buffer.byteLength, 65536);
});

Deno.test("the GEMM module validates and instantiates (WebAssembly SIMD is on in Deno)", () => {
  assert.ok(WebAssembly.validate(gemmModuleBytes()));
  assert.ok(wasmGemmAvailable());
});
