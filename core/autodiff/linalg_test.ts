import assert from "node:assert/strict";
import fc from "fast-check";
import * as math from "mathjs";
import { fromNested, sizeOf, tensor } from "../tensor/mod.ts";
import { matmul } from "./linalg.ts";
import { grad } from "./grad.ts";
import { constant, type Var } from "./var.ts";
import {
  arbShape,
  arbTensor,
  assertGrad,
  FC,
  flat,
  maxDiff,
  nested,
  weightedSum,
} from "./test_util.ts";
import { broadcastShapes } from "./broadcast.ts";

const dims = fc.tuple(
  fc.integer({ min: 1, max: 5 }),
  fc.integer({ min: 1, max: 5 }),
  fc.integer({ min: 1, max: 5 }),
);

Deno.test("matmul 2-D: equals mathjs multiply; gradient check", () => {
  fc.assert(
    fc.property(
      dims.chain(([m, k, n]) => fc.tuple(arbTensor([m, k]), arbTensor([k, n]))),
      ([a, b]) => {
        const y = matmul(constant(a), constant(b));
        const ref = flat(
          math.multiply(
            nested({ value: a.data, shape: a.shape }) as math.Matrix,
            nested({ value: b.data, shape: b.shape }) as math.Matrix,
          ),
        );
        assert.deepEqual(y.shape, [a.shape[0], b.shape[1]]);
        assert.ok(maxDiff(y.value, ref) < 1e-14);
        assertGrad((p) => {
          const [x, z] = p as Var[];
          return weightedSum(matmul(x, z));
        }, [a, b]);
      },
    ),
    FC,
  );
});

Deno.test("matmul batched with broadcast batch dims: equals per-item mathjs; gradient check", () => {
  fc.assert(
    fc.property(
      fc.tuple(dims, arbShape(0, 2, 3), arbShape(0, 2, 3), fc.boolean()).chain(
        ([[m, k, n], ba, bb, ones]) => {
          // make the batch shapes broadcast-compatible: align right, use 1 where they differ
          const r = Math.min(ba.length, bb.length);
          const bb2 = bb.slice();
          for (let i = 1; i <= r; i++) {
            const da = ba[ba.length - i], db = bb2[bb2.length - i];
            if (da !== db && db !== 1 && da !== 1) bb2[bb2.length - i] = ones ? 1 : da;
          }
          return fc.tuple(arbTensor([...ba, m, k]), arbTensor([...bb2, k, n]));
        },
      ),
      ([a, b]) => {
        const y = matmul(constant(a), constant(b));
        const ra = a.shape.length, rb = b.shape.length;
        const [m, k, n] = [a.shape[ra - 2], a.shape[ra - 1], b.shape[rb - 1]];
        const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
        assert.deepEqual(y.shape, [...batch, m, n]);
        // item t of the batch: multi-index → offsets into a and b (size-1 axes broadcast)
        const nb = sizeOf(batch);
        const off = (shape: readonly number[], t: number): number => {
          const bs = shape.slice(0, -2), pad = batch.length - bs.length;
          let o = 0, rem = t, stride = 1;
          const idx: number[] = [];
          for (let i = batch.length - 1; i >= 0; i--) {
            idx[i] = rem % batch[i];
            rem = Math.floor(rem / batch[i]);
          }
          for (let i = bs.length - 1; i >= 0; i--) {
            o += (bs[i] === 1 ? 0 : idx[i + pad]) * stride;
            stride *= bs[i];
          }
          return o;
        };
        for (let t = 0; t < nb; t++) {
          const ao = off(a.shape, t) * m * k, bo = off(b.shape, t) * k * n;
          const A = nested({
            value: a.data.subarray(ao, ao + m * k),
            shape: [m, k],
          }) as math.Matrix;
          const B = nested({
            value: b.data.subarray(bo, bo + k * n),
            shape: [k, n],
          }) as math.Matrix;
          const ref = flat(math.multiply(A, B));
          assert.ok(maxDiff(y.value.subarray(t * m * n, (t + 1) * m * n), ref) < 1e-14);
        }
        assertGrad((p) => {
          const [x, z] = p as Var[];
          return weightedSum(matmul(x, z));
        }, [a, b]);
      },
    ),
    FC,
  );
});

Deno.test("matmul [...,m,k]·[k,n] and [m,k]·[B,k,n] (RSGN Wᵀ·H); 1-D operands", () => {
  fc.assert(
    fc.property(
      fc.tuple(dims, fc.integer({ min: 1, max: 3 })).chain(([[m, k, n], B]) =>
        fc.tuple(arbTensor([B, m, k]), arbTensor([k, n]), arbTensor([m, k]), arbTensor([B, k, n]))
      ),
      ([a3, b2, a2, b3]) => {
        assertGrad((p) => {
          const [x, z] = p as Var[];
          return weightedSum(matmul(x, z));
        }, [a3, b2]);
        assertGrad((p) => {
          const [x, z] = p as Var[];
          return weightedSum(matmul(x, z));
        }, [a2, b3]);
      },
    ),
    FC,
  );
  const v = matmul(constant(fromNested([1, 2])), constant(fromNested([[1, 0, 1], [0, 1, 1]])));
  assert.deepEqual(v.shape, [3]);
  assert.deepEqual(Array.from(v.value), [1, 2, 3]);
  const w = matmul(constant(fromNested([[1, 2], [3, 4]])), constant(fromNested([1, 1])));
  assert.deepEqual(w.shape, [2]);
  assert.deepEqual(Array.from(w.value), [3, 7]);
  assertGrad((p) => {
    const [x, z] = p as Var[];
    return weightedSum(matmul(x, z));
  }, [fromNested([0.3, -1.2, 0.5]), fromNested([[1, 2], [0.5, -1], [2, 0.1]])]);
  assert.throws(() => matmul(constant(fromNested([[1, 2]])), constant(fromNested([[1, 2]]))));
});

Deno.test("matmul f32 stays f32 and large products (wasm path) have correct gradients", () => {
  const m = 24, k = 20, n = 28;
  const a = tensor(Float32Array.from({ length: m * k }, (_, i) => Math.sin(i)), [m, k]);
  const b = tensor(Float32Array.from({ length: k * n }, (_, i) => Math.cos(i)), [k, n]);
  const y = matmul(constant(a), constant(b));
  assert.ok(y.value instanceof Float32Array);
  const g = grad((p) => {
    const [x, z] = p as Var[];
    return weightedSum(matmul(x, z));
  })([a, b]) as unknown as { data: Float32Array }[];
  assert.ok(g[0].data instanceof Float32Array && g[1].data instanceof Float32Array);
  // the same product in f64 passes a full gradient check on the fast kernel
  const a64 = tensor(Float64Array.from(a.data), [m, k]),
    b64 = tensor(Float64Array.from(b.data), [k, n]);
  assertGrad(
    (p) => {
      const [x, z] = p as Var[];
      return weightedSum(matmul(x, z));
    },
    [a64, b64],
    1e-6,
    { maxPerLeaf: 60 },
  );
  // f32 gradients agree with the f64 ones to f32 accuracy
  const g64 = grad((p) => {
    const [x, z] = p as Var[];
    return weightedSum(matmul(x, z));
  })([a64, b64]) as unknown as { data: Float64Array }[];
  assert.ok(maxDiff(g[0].data, g64[0].data) < 1e-4);
  assert.ok(maxDiff(g[1].data, g64[1].data) < 1e-4);
});
