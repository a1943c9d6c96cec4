/**
 * Gradient checking: reverse-mode gradients against central finite differences in f64.
 *
 * @module
 */
import { type Tensor, tensor } from "../tensor/mod.ts";
import { isTensor, type Tree, treeLeaves, treeMap } from "../tree.ts";
import { grad } from "./grad.ts";
import type { Var } from "./var.ts";

/** Options of {@link checkGrad}. */
export interface CheckGradOptions {
  /** Finite-difference step (default 1e-6). */
  readonly h?: number;
  /** Check at most this many coordinates per leaf, evenly spaced (default: all). */
  readonly maxPerLeaf?: number;
}

/** Result of {@link checkGrad}. */
export interface CheckGradResult {
  /** max over coordinates of |analytic − numeric| / max(1, |analytic|, |numeric|). */
  readonly maxRelError: number;
  /** Leaf index and flat coordinate of the worst coordinate. */
  readonly worst: {
    readonly leaf: number;
    readonly index: number;
    readonly analytic: number;
    readonly numeric: number;
  };
  /** Coordinates checked. */
  readonly checked: number;
}

/**
 * Like {@link checkGrad}, but returns the worst coordinate and the number checked as well.
 *
 * @example
 * ```ts
 * import { checkGradReport, sum, type Var } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * console.log(checkGradReport((p) => sum(p as Var), fromNested([1, 2])).checked); // 2
 * ```
 */
export function checkGradReport(
  f: (p: Tree<Var>) => Var,
  params: Tree<Tensor>,
  opts: CheckGradOptions = {},
): CheckGradResult {
  return run(f, params, opts);
}

/**
 * Compare `grad(f)(params)` with central finite differences (f(p + h·e_i) − f(p − h·e_i))/2h,
 * with every parameter converted to f64 first. The error of each coordinate is
 * |a − n| / max(1, |a|, |n|) (relative for large gradients, absolute for small ones); returns
 * the largest.
 *
 * @example
 * ```ts
 * import { checkGrad, mul, sum, type Var } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const r = checkGrad((p) => sum(mul(p as Var, p as Var)), fromNested([1, -2, 3]));
 * console.log(r < 1e-8); // true
 * ```
 */
export function checkGrad(
  f: (p: Tree<Var>) => Var,
  params: Tree<Tensor>,
  opts: CheckGradOptions = {},
): number {
  return run(f, params, opts).maxRelError;
}

function run(
  f: (p: Tree<Var>) => Var,
  params: Tree<Tensor>,
  opts: CheckGradOptions,
): CheckGradResult {
  const h = opts.h ?? 1e-6;
  const p64 = treeMap(params, (t) => tensor(Float64Array.from(t.data), t.shape), isTensor);
  const leaves = treeLeaves(p64, isTensor);
  const analytic = treeLeaves(grad(f)(p64), isTensor);
  const evalAt = (): number => {
    const out = f(treeMap(p64, (t) => ({
      value: t.data,
      shape: t.shape,
      parents: [],
      backward: null,
      requiresGrad: false,
    }), isTensor));
    return out.value[0];
  };
  let maxRel = 0, checked = 0;
  let worst = { leaf: -1, index: -1, analytic: 0, numeric: 0 };
  for (let l = 0; l < leaves.length; l++) {
    const d = leaves[l].data as Float64Array, n = d.length;
    const stride = opts.maxPerLeaf && n > opts.maxPerLeaf ? n / opts.maxPerLeaf : 1;
    for (let t = 0; t < n; t += stride) {
      const i = Math.floor(t);
      const x0 = d[i];
      d[i] = x0 + h;
      const fp = evalAt();
      d[i] = x0 - h;
      const fm = evalAt();
      d[i] = x0;
      // central difference: f′ ≈ (f(x+h) − f(x−h)) / 2h, error O(h²)
      const num = (fp - fm) / (2 * h);
      const a = analytic[l].data[i];
      const err = Math.abs(a - num) / Math.max(1, Math.abs(a), Math.abs(num));
      checked++;
      if (!(err <= maxRel)) {
        maxRel = err;
        worst = { leaf: l, index: i, analytic: a, numeric: num };
        if (err !== err) maxRel = Infinity;
      }
    }
  }
  return { maxRelError: maxRel, worst, checked };
}
