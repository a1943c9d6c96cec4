import assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkGradReport,
  constant,
  gather,
  grad,
  mul,
  sum,
  type Var,
} from "@neuroplastic/core/autodiff";
import { type Tensor, tensor } from "@neuroplastic/core/tensor";
import type { Tree } from "@neuroplastic/core/tree";
import * as ad from "./ad.ts";
import {
  conformalFactor,
  distance,
  einsteinMidpoint,
  expMap,
  expMap0,
  gyration,
  logMap,
  logMap0,
  mobiusAdd,
  mobiusAddRows,
  mobiusMatvec,
  mobiusScalarMul,
  pairwiseDistances,
  parallelTransport,
  project,
  PROJECT_EPS,
} from "./mod.ts";
import { arbCase, arbPoint, arbVector, CURVATURES, maxAbsDiff, norm } from "./test_util.ts";

const FCQ = { seed: 42, numRuns: 30 } as const;
const TOL = 1e-6;

const T = (x: Float64Array): Tensor => tensor(x, [x.length]);
const C = (x: Float64Array): Var => constant(T(x));

/** Σ w_i y_i with fixed weights, so every output coordinate matters in the gradient check. */
function wsum(y: Var): Var {
  const w = Float64Array.from({ length: y.value.length }, (_, i) => Math.sin(1.3 * i + 0.4) + 0.3);
  return sum(mul(y, constant(tensor(w, y.shape))));
}

function assertGrad(f: (p: Tree<Var>) => Var, params: Tree<Tensor>): void {
  const r = checkGradReport(f, params);
  assert.ok(
    r.maxRelError < TOL,
    `gradient check: ${r.maxRelError} at ${r.worst.leaf}[${r.worst.index}] (${r.worst.analytic} vs ${r.worst.numeric})`,
  );
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) =>
  assert.ok(maxAbsDiff(a, b) <= tol, `max diff ${maxAbsDiff(a, b)}`);

Deno.test("ad.mobiusAdd: equals mobiusAdd / mobiusAddRows; gradient check", () => {
  fc.assert(
    fc.property(arbCase(3), ({ c, d, p: [x, y, z] }) => {
      close(ad.mobiusAdd(C(x), C(y), c).value, mobiusAdd(x, y, c));
      // batched: rows [x; z] ⊕ y (y broadcast)
      const X = new Float64Array([...x, ...z]);
      const r = ad.mobiusAdd(constant(tensor(X, [2, d])), C(y), c);
      assert.deepEqual(r.shape, [2, d]);
      close(r.value, mobiusAddRows(X, y, d, c));
      assertGrad((p) => {
        const [a, b] = p as Var[];
        return wsum(ad.mobiusAdd(a, b, c));
      }, [T(x), T(y)]);
    }),
    FCQ,
  );
});

Deno.test("ad.mobiusScalarMul: equals mobiusScalarMul (incl. x = 0); gradient in x and r", () => {
  fc.assert(
    fc.property(
      arbCase(1),
      fc.double({ min: -3, max: 3, noNaN: true }),
      ({ c, p: [x] }, r) => {
        close(ad.mobiusScalarMul(r, C(x), c).value, mobiusScalarMul(r, x, c));
        assertGrad((p) => wsum(ad.mobiusScalarMul(r, p as Var, c)), T(x));
        assertGrad((p) => {
          const [rv, xv] = p as Var[];
          return wsum(ad.mobiusScalarMul(rv, xv, c));
        }, [tensor(new Float64Array([r]), [1]), T(x)]);
      },
    ),
    FCQ,
  );
});

Deno.test("ad.expMap0 / ad.logMap0: equal the value maps; gradient checks (incl. the origin)", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...CURVATURES),
      fc.integer({ min: 1, max: 6 }),
      fc.boolean(),
      (c, d, zero) =>
        fc.assert(
          fc.property(arbVector(d, 2.5), arbPoint(d, c), (v0, y) => {
            const v = zero ? new Float64Array(d) : v0;
            close(ad.expMap0(C(v), c).value, expMap0(v, c));
            close(ad.logMap0(C(y), c).value, logMap0(y, c));
            assertGrad((p) => wsum(ad.expMap0(p as Var, c)), T(v));
            assertGrad((p) => wsum(ad.logMap0(p as Var, c)), T(y));
          }),
          { seed: 42, numRuns: 3 },
        ),
    ),
    { seed: 42, numRuns: 10 },
  );
});

Deno.test("ad.expMap / ad.logMap at any point: equal the value maps; gradient checks", () => {
  fc.assert(
    fc.property(
      arbCase(2).chain((k) => fc.tuple(fc.constant(k), arbVector(k.d, 1.5))),
      ([{ c, p: [x, y] }, v]) => {
        close(ad.expMap(C(x), C(v), c).value, expMap(x, v, c));
        close(ad.logMap(C(x), C(y), c).value, logMap(x, y, c), 1e-11);
        assertGrad((p) => {
          const [a, b] = p as Var[];
          return wsum(ad.expMap(a, b, c));
        }, [T(x), T(v)]);
        assertGrad((p) => {
          const [a, b] = p as Var[];
          return wsum(ad.logMap(a, b, c));
        }, [T(x), T(y)]);
      },
    ),
    FCQ,
  );
});

Deno.test("ad.distance: equals distance; gradient check for distinct points; zero-safe at x = y", () => {
  fc.assert(
    fc.property(
      arbCase(2).filter(({ p: [x, y] }) => maxAbsDiff(x, y) > 1e-3),
      ({ c, p: [x, y] }) => {
        const dv = ad.distance(C(x), C(y), c);
        assert.deepEqual(dv.shape, []);
        assert.ok(Math.abs(dv.value[0] - distance(x, y, c)) <= 1e-12);
        assertGrad((p) => {
          const [a, b] = p as Var[];
          return ad.distance(a, b, c);
        }, [T(x), T(y)]);
      },
    ),
    FCQ,
  );
  const x = new Float64Array([0.3, -0.2]);
  const g = grad((p) => {
    const [a, b] = p as Var[];
    return ad.distance(a, b, 1);
  })([T(x), T(x)]) as unknown as Tensor[];
  for (const t of g) assert.ok(t.data.every((v) => v === 0));
  assert.equal(ad.distance(C(x), C(x), 1).value[0], 0);
});

Deno.test("ad.pairwiseDistances: bit-identical to pairwiseDistances; gradient check (X vs Y and X vs X)", () => {
  fc.assert(
    fc.property(
      fc.tuple(fc.constantFrom(...CURVATURES), fc.integer({ min: 1, max: 4 })).chain(([c, d]) =>
        fc.tuple(
          fc.constant(c),
          fc.constant(d),
          fc.array(arbPoint(d, c), { minLength: 1, maxLength: 4 }),
          fc.array(arbPoint(d, c), { minLength: 1, maxLength: 3 }),
        )
      ).filter(([, , P, Q]) => {
        const all = [...P, ...Q];
        for (let i = 0; i < all.length; i++) {
          for (let j = 0; j < i; j++) if (maxAbsDiff(all[i], all[j]) < 1e-3) return false;
        }
        return true;
      }),
      ([c, d, P, Q]) => {
        const X = new Float64Array(P.flatMap((p) => [...p])),
          Y = new Float64Array(Q.flatMap((q) => [...q]));
        const tX = tensor(X, [P.length, d]), tY = tensor(Y, [Q.length, d]);
        const D = ad.pairwiseDistances(constant(tX), constant(tY), c);
        assert.deepEqual(D.shape, [P.length, Q.length]);
        assert.deepEqual(Array.from(D.value), Array.from(pairwiseDistances(X, Y, d, c)));
        // the same as the composed single-pair op
        const n = P.length, m = Q.length;
        const ii = Array.from({ length: n * m }, (_, k) => Math.floor(k / m));
        const jj = Array.from({ length: n * m }, (_, k) => k % m);
        close(
          D.value,
          ad.distance(gather(constant(tX), ii, 0), gather(constant(tY), jj, 0), c).value,
        );
        assertGrad((p) => {
          const [a, b] = p as Var[];
          return wsum(ad.pairwiseDistances(a, b, c));
        }, [tX, tY]);
        assertGrad((p) => wsum(ad.pairwiseDistances(p as Var, p as Var, c)), tX);
      },
    ),
    FCQ,
  );
});

Deno.test("ad.project: equals project (default eps by dtype); gradient check away from the radius", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...CURVATURES),
      fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 5 }),
      (c, a) => {
        const x = Float64Array.from(a);
        const rmax = (1 - PROJECT_EPS.f64) / Math.sqrt(c);
        fc.pre(Math.abs(norm(x) - rmax) > 1e-3);
        close(ad.project(C(x), c).value, project(x, c), 1e-15);
        assertGrad((p) => wsum(ad.project(p as Var, c)), T(x));
      },
    ),
    FCQ,
  );
  const x32 = constant(tensor(new Float32Array([3, 4]), [2]));
  const p32 = ad.project(x32, 1).value;
  assert.ok(p32 instanceof Float32Array);
  assert.deepEqual(Array.from(p32), Array.from(project(new Float32Array([3, 4]), 1)));
});

Deno.test("ad.conformalFactor: equals conformalFactor; gradient check; batched rows", () => {
  fc.assert(
    fc.property(arbCase(2), ({ c, d, p: [x, y] }) => {
      const l = ad.conformalFactor(constant(tensor(new Float64Array([...x, ...y]), [2, d])), c);
      assert.deepEqual(l.shape, [2]);
      close(l.value, [conformalFactor(x, c), conformalFactor(y, c)]);
      assertGrad((p) => wsum(ad.conformalFactor(p as Var, c)), T(x));
    }),
    FCQ,
  );
});

Deno.test("geometry ad ops keep f32 and give finite gradients at the origin", () => {
  const z32 = constant(tensor(new Float32Array([0.1, 0.2]), [2]));
  for (const y of [ad.expMap0(z32, 1), ad.logMap0(z32, 1), ad.mobiusAdd(z32, z32, 1)]) {
    assert.ok(y.value instanceof Float32Array);
  }
  const zero = T(new Float64Array(3));
  for (
    const f of [
      (v: Var) => wsum(ad.expMap0(v, 2)),
      (v: Var) => wsum(ad.logMap0(v, 2)),
      (v: Var) => wsum(ad.mobiusScalarMul(1.5, v, 2)),
      (v: Var) => wsum(ad.expMap(v, v, 2)),
      (v: Var) => ad.distance(v, constant(T(new Float64Array([0.1, 0, 0]))), 2),
    ]
  ) {
    const g = grad((p) => f(p as Var))(zero) as unknown as Tensor;
    assert.ok(g.data.every(Number.isFinite));
  }
});

Deno.test("ad.gyration / ad.parallelTransport: equal the value kernels; gradient checks", () => {
  fc.assert(
    fc.property(
      arbCase(2).chain((k) => fc.tuple(fc.constant(k), arbVector(k.d, 2))),
      ([{ c, p: [u, v] }, w]) => {
        close(ad.gyration(C(u), C(v), C(w), c).value, gyration(u, v, w, c));
        close(ad.parallelTransport(C(u), C(v), C(w), c).value, parallelTransport(u, v, w, c));
        assertGrad((p) => {
          const [a, b, e] = p as Var[];
          return wsum(ad.gyration(a, b, e, c));
        }, [T(u), T(v), T(w)]);
        assertGrad((p) => {
          const [a, b, e] = p as Var[];
          return wsum(ad.parallelTransport(a, b, e, c));
        }, [T(u), T(v), T(w)]);
      },
    ),
    FCQ,
  );
});

Deno.test("ad.mobiusMatvec: equals mobiusMatvec; gradient check in M and x", () => {
  fc.assert(
    fc.property(
      arbCase(1).chain((k) =>
        fc.tuple(
          fc.constant(k),
          fc.integer({ min: 1, max: 4 }).chain((m) =>
            fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), {
              minLength: m * k.d,
              maxLength: m * k.d,
            })
              .map((a) => tensor(Float64Array.from(a), [m, k.d]))
          ),
        )
      ),
      ([{ c, p: [x] }, M]) => {
        close(ad.mobiusMatvec(constant(M), C(x), c).value, mobiusMatvec(M.data, x, c));
        assertGrad((p) => {
          const [m, xx] = p as Var[];
          return wsum(ad.mobiusMatvec(m, xx, c));
        }, [M, T(x)]);
      },
    ),
    FCQ,
  );
});

Deno.test("ad.einsteinMidpoint: equals einsteinMidpoint (uniform and weighted); gradient check", () => {
  fc.assert(
    fc.property(
      fc.tuple(fc.constantFrom(...CURVATURES), fc.integer({ min: 1, max: 4 })).chain(([c, d]) =>
        fc.tuple(
          fc.constant(c),
          fc.constant(d),
          fc.array(arbPoint(d, c), { minLength: 1, maxLength: 4 }),
          fc.array(fc.double({ min: 0.1, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
        )
      ),
      ([c, d, P, w4]) => {
        const X = new Float64Array(P.flatMap((p) => [...p]));
        const w = Float64Array.from(w4.slice(0, P.length));
        const tX = tensor(X, [P.length, d]), tw = tensor(w, [P.length]);
        close(ad.einsteinMidpoint(constant(tX), c).value, einsteinMidpoint(X, d, c));
        close(
          ad.einsteinMidpoint(constant(tX), c, constant(tw)).value,
          einsteinMidpoint(X, d, c, w),
        );
        assertGrad((p) => {
          const [xx, ww] = p as Var[];
          return wsum(ad.einsteinMidpoint(xx, c, ww));
        }, [tX, tw]);
      },
    ),
    FCQ,
  );
});

Deno.test("artanh arguments are clamped like the value kernels: finite on and beyond the boundary", () => {
  const y = C(new Float64Array([1.5, 0]));
  const l = ad.logMap0(y, 1);
  assert.ok(l.value.every(Number.isFinite));
  close(l.value, logMap0(new Float64Array([1.5, 0]), 1), 1e-9);
  const g = grad((p) => wsum(ad.logMap0(p as Var, 1)))(
    T(new Float64Array([1.5, 0])),
  ) as unknown as Tensor;
  assert.ok(g.data.every(Number.isFinite));
});
