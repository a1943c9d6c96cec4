import assert from "node:assert/strict";
import { gruCellInto } from "./gru.ts";

// lndp-reference.md §8 "Fixture: equinox GRUCell [np]"
Deno.test("GRU case 1 (in = H = 1)", () => {
  const out = new Float64Array(1);
  gruCellInto(
    out,
    0,
    Float64Array.of(0.1, 0.2, 0.3),
    Float64Array.of(0.4, 0.5, 0.6),
    Float64Array.of(0.01, 0.02, 0.03),
    Float64Array.of(0.04),
    Float64Array.of(1),
    0,
    1,
    Float64Array.of(0.5),
    0,
    1,
    new Float64Array(6),
  );
  assert.ok(Math.abs(out[0] - 0.49324065) < 1e-8, `${out[0]}`);
});

Deno.test("GRU case 2 (gate order r | z | n)", () => {
  const wih = new Float64Array(12), whh = new Float64Array(12);
  for (let r = 0; r < 6; r++) {
    for (let c = 0; c < 2; c++) {
      wih[r * 2 + c] = 0.1 * (2 * r + c) - 0.5;
      whh[r * 2 + c] = -0.05 * (2 * r + c) + 0.2;
    }
  }
  const b = Float64Array.from({ length: 6 }, (_, i) => -0.1 + (0.2 * i) / 5);
  const h = Float64Array.of(0.25, -0.5);
  const out = new Float64Array(2);
  gruCellInto(
    out,
    0,
    wih,
    whh,
    b,
    Float64Array.of(0.3, -0.3),
    Float64Array.of(0.7, -1.2),
    0,
    2,
    h,
    0,
    2,
    new Float64Array(12),
  );
  assert.ok(Math.abs(out[0] - 0.10956726) < 1e-8, `${out[0]}`);
  assert.ok(Math.abs(out[1] + 0.42265958) < 1e-8, `${out[1]}`);
  // out may alias h
  gruCellInto(
    h,
    0,
    wih,
    whh,
    b,
    Float64Array.of(0.3, -0.3),
    Float64Array.of(0.7, -1.2),
    0,
    2,
    h,
    0,
    2,
    new Float64Array(12),
  );
  assert.deepEqual(Array.from(h), Array.from(out));
});
