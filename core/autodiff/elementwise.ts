/**
 * Elementwise arithmetic with NumPy broadcasting: add, sub, mul, div, neg, pow, clamp, where.
 *
 * dtype: the result has the dtype of the first `Var` operand; numbers are constant scalars.
 * Gradients of broadcast operands are summed back to the operand's shape (scatter-add through
 * the broadcast index map, in place).
 *
 * @module
 */
import {
  addReduced,
  broadcastIndex,
  broadcastPlan,
  broadcastShapes,
  expandInto,
  iota,
  PLAN_IDENTITY,
  sameShape,
} from "./broadcast.ts";
import { allocLike, constant, type In, isVar, makeVar, type Var } from "./var.ts";

const ADD = 0, SUB = 1, MUL = 2, DIV = 3;

/** a (op) s for a scalar constant s on the right (rev = false) or left (rev = true). */
function scalarOp(a: Var, s: number, op: number, rev: boolean): Var {
  const x = a.value, n = x.length;
  const y = allocLike(x, n);
  if (op === ADD) { for (let i = 0; i < n; i++) y[i] = x[i] + s; }
  else if (op === SUB) {
    if (rev) { for (let i = 0; i < n; i++) y[i] = s - x[i]; }
    else for (let i = 0; i < n; i++) y[i] = x[i] - s;
  } else if (op === MUL) { for (let i = 0; i < n; i++) y[i] = x[i] * s; }
  else if (rev) { for (let i = 0; i < n; i++) y[i] = s / x[i]; }
  else for (let i = 0; i < n; i++) y[i] = x[i] / s;
  return makeVar(y, a.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    if (op === ADD || (op === SUB && !rev)) { for (let i = 0; i < n; i++) gx[i] += g[i]; }
    else if (op === SUB) { for (let i = 0; i < n; i++) gx[i] -= g[i]; }
    else if (op === MUL) { for (let i = 0; i < n; i++) gx[i] += g[i] * s; }
    // d(s/x)/dx = −s/x² = −y/x
    else if (rev) { for (let i = 0; i < n; i++) gx[i] -= (g[i] * y[i]) / x[i]; }
    else for (let i = 0; i < n; i++) gx[i] += g[i] / s;
  });
}

function binary(a: In, b: In, op: number): Var {
  if (!isVar(a) && !isVar(b)) {
    return constant(op === ADD ? a + b : op === SUB ? a - b : op === MUL ? a * b : a / b);
  }
  if (!isVar(b)) return scalarOp(a as Var, b, op, false);
  if (!isVar(a)) return scalarOp(b, a, op, true);
  const av = a.value, bv = b.value;
  const same = sameShape(a.shape, b.shape);
  const shape = same ? a.shape.slice() : broadcastShapes(a.shape, b.shape);
  const pa = broadcastPlan(a.shape, shape), pb = broadcastPlan(b.shape, shape);
  const n = pa.n;
  // Broadcast operands are expanded once (block copies for tile/repeat plans), so the
  // arithmetic below is always a tight same-shape loop.
  const A = pa.kind === PLAN_IDENTITY ? av : expandInto(av, pa, allocLike(av, n));
  const B = pb.kind === PLAN_IDENTITY ? bv : expandInto(bv, pb, allocLike(bv, n));
  const y = allocLike(av, n);
  if (op === ADD) { for (let i = 0; i < n; i++) y[i] = A[i] + B[i]; }
  else if (op === SUB) { for (let i = 0; i < n; i++) y[i] = A[i] - B[i]; }
  else if (op === MUL) { for (let i = 0; i < n; i++) y[i] = A[i] * B[i]; }
  else for (let i = 0; i < n; i++) y[i] = A[i] / B[i];
  return makeVar(y, shape, [a, b], (g, sink) => {
    const ga = sink(0), gb = sink(1);
    if (op === ADD || op === SUB) {
      if (ga !== null) addReduced(ga, g, pa);
      if (gb !== null) addReduced(gb, g, pb, op === ADD ? 1 : -1);
      return;
    }
    for (let side = 0; side < 2; side++) {
      const gx = side === 0 ? ga : gb;
      if (gx === null) continue;
      const p = side === 0 ? pa : pb;
      const t = p.kind === PLAN_IDENTITY ? gx : new Float64Array(n);
      if (op === MUL) {
        const o = side === 0 ? B : A;
        for (let i = 0; i < n; i++) t[i] += g[i] * o[i];
      } else if (side === 0) { for (let i = 0; i < n; i++) t[i] += g[i] / B[i]; }
      // ∂(a/b)/∂b = −a/b² = −y/b
      else for (let i = 0; i < n; i++) t[i] -= (g[i] * y[i]) / B[i];
      if (t !== gx) addReduced(gx, t, p);
    }
  });
}

/**
 * a + b with broadcasting.
 *
 * @example
 * ```ts
 * import { add, constant, toTensor } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(toTensor(add(constant(fromNested([[1, 2], [3, 4]])), constant(fromNested([10, 20])))).data);
 * // Float64Array [11, 22, 13, 24]
 * ```
 */
export function add(a: In, b: In): Var {
  return binary(a, b, ADD);
}

/**
 * a − b with broadcasting.
 *
 * @example
 * ```ts
 * import { constant, sub } from "@neuroplastic/core/autodiff";
 * console.log(sub(constant(5), 2).value[0]); // 3
 * ```
 */
export function sub(a: In, b: In): Var {
  return binary(a, b, SUB);
}

/**
 * a ⊙ b (elementwise product) with broadcasting.
 *
 * @example
 * ```ts
 * import { constant, mul } from "@neuroplastic/core/autodiff";
 * console.log(mul(constant(5), 2).value[0]); // 10
 * ```
 */
export function mul(a: In, b: In): Var {
  return binary(a, b, MUL);
}

/**
 * a / b (elementwise) with broadcasting.
 *
 * @example
 * ```ts
 * import { constant, div } from "@neuroplastic/core/autodiff";
 * console.log(div(1, constant(4)).value[0]); // 0.25
 * ```
 */
export function div(a: In, b: In): Var {
  return binary(a, b, DIV);
}

/**
 * −a.
 *
 * @example
 * ```ts
 * import { constant, neg } from "@neuroplastic/core/autodiff";
 * console.log(neg(constant(2)).value[0]); // -2
 * ```
 */
export function neg(a: Var): Var {
  return scalarOp(a, -1, MUL, false);
}

/**
 * x^p for a constant exponent p; gradient p·x^(p−1). p = 2 and p = 0.5 use exact fast paths.
 *
 * @example
 * ```ts
 * import { constant, pow } from "@neuroplastic/core/autodiff";
 * console.log(pow(constant(3), 2).value[0]); // 9
 * ```
 */
export function pow(a: Var, p: number): Var {
  const x = a.value, n = x.length, y = allocLike(x, n);
  if (p === 2) { for (let i = 0; i < n; i++) y[i] = x[i] * x[i]; }
  else if (p === 0.5) { for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]); }
  else for (let i = 0; i < n; i++) y[i] = Math.pow(x[i], p);
  return makeVar(y, a.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    // d/dx x^p = p · x^(p−1)
    if (p === 2) { for (let i = 0; i < n; i++) gx[i] += 2 * g[i] * x[i]; }
    else if (p === 0) return;
    else if (p === 1) { for (let i = 0; i < n; i++) gx[i] += g[i]; }
    else for (let i = 0; i < n; i++) gx[i] += g[i] * p * Math.pow(x[i], p - 1);
  });
}

/**
 * min(max(x, lo), hi). Gradient 1 where lo ≤ x ≤ hi (boundaries included, as in torch), 0
 * outside. Use ±Infinity for a one-sided clamp.
 *
 * @example
 * ```ts
 * import { clamp, constant } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(clamp(constant(fromNested([-2, 0.5, 3])), 0, 1).value); // Float64Array [0, 0.5, 1]
 * ```
 */
export function clamp(a: Var, lo: number, hi: number): Var {
  if (!(lo <= hi)) throw new RangeError(`clamp: lo (${lo}) must be ≤ hi (${hi})`);
  const x = a.value, n = x.length, y = allocLike(x, n);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    y[i] = v < lo ? lo : v > hi ? hi : v;
  }
  return makeVar(y, a.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx === null) return;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      if (v >= lo && v <= hi) gx[i] += g[i];
    }
  });
}

/**
 * Elementwise select: `cond ? a : b`, broadcasting `cond`, `a` and `b` together. `cond` is a
 * mask (`Uint8Array` or `boolean[]`, one entry per element of the broadcast shape of a and b)
 * or a `Var` of 0/1 values (no gradient flows into it). Gradients go to the selected branch only.
 *
 * @example
 * ```ts
 * import { constant, where } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(where([true, false], constant(fromNested([1, 2])), 0).value); // Float64Array [1, 0]
 * ```
 */
export function where(cond: Uint8Array | readonly boolean[] | Var, a: In, b: In): Var {
  const first = isVar(a) ? a : isVar(b) ? b : null;
  const like = first === null ? new Float64Array(0) : first.value;
  const A = isVar(a) ? a : constant(a, like), B = isVar(b) ? b : constant(b, like);
  let cShape: readonly number[], cv: ArrayLike<number | boolean>;
  if (isVar(cond)) {
    cShape = cond.shape;
    cv = cond.value;
  } else {
    cShape = broadcastShapes(A.shape, B.shape);
    cv = cond;
    let size = 1;
    for (const d of cShape) size *= d;
    if (cond.length !== size) {
      throw new RangeError(`where: mask has ${cond.length} entries, expected ${size}`);
    }
  }
  const shape = broadcastShapes(cShape, A.shape, B.shape);
  const ic = broadcastIndex(cShape, shape), ia = broadcastIndex(A.shape, shape);
  const ib = broadcastIndex(B.shape, shape);
  let n = 1;
  for (const d of shape) n *= d;
  const jc = ic ?? iota(n), ja = ia ?? iota(n), jb = ib ?? iota(n);
  const sel = new Uint8Array(n);
  for (let i = 0; i < n; i++) sel[i] = cv[jc[i]] ? 1 : 0;
  const av = A.value, bv = B.value, y = allocLike(first === null ? av : first.value, n);
  for (let i = 0; i < n; i++) y[i] = sel[i] ? av[ja[i]] : bv[jb[i]];
  return makeVar(y, shape, [A, B], (g, sink) => {
    const ga = sink(0), gb = sink(1);
    if (ga !== null) { for (let i = 0; i < n; i++) if (sel[i]) ga[ja[i]] += g[i]; }
    if (gb !== null) { for (let i = 0; i < n; i++) if (!sel[i]) gb[jb[i]] += g[i]; }
  });
}
