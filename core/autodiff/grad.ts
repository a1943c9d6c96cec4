/**
 * `grad` and `valueAndGrad` over pytrees of tensors (JAX style): the function is traced on
 * fresh leaf `Var`s wrapping the parameters (no copy; values are never written), then one
 * reverse sweep from the scalar output accumulates every parameter's cotangent.
 *
 * @module
 */
import { type FloatArray, type Tensor, tensor } from "../tensor/mod.ts";
import { isTensor, type Tree, treeMap } from "../tree.ts";
import { backward, isVar, type Var, variable } from "./var.ts";

/** What a differentiated function may return: a scalar loss, or a loss with auxiliary data. */
export type LossOut<Aux> = Var | { readonly loss: Var; readonly aux: Aux };

/** Result of a function built by {@link valueAndGrad}. */
export interface ValueAndGrad<Aux> {
  /** The loss value. */
  readonly value: number;
  /** ∂loss/∂params, same tree structure and dtypes as the params. */
  readonly grad: Tree<Tensor>;
  /** The auxiliary output of the function (`undefined` when it returned a bare `Var`). */
  readonly aux: Aux;
}

function trace<Aux>(
  f: (p: Tree<Var>) => LossOut<Aux>,
  params: Tree<Tensor>,
): ValueAndGrad<Aux> {
  const leaves: Var[] = [];
  const shapes: (readonly number[])[] = [];
  const vars = treeMap(params, (t) => {
    const v = variable(t);
    leaves.push(v);
    shapes.push(t.shape);
    return v;
  }, isTensor);
  const out = f(vars);
  const loss = isVar(out) ? out : out.loss;
  const aux = (isVar(out) ? undefined : out.aux) as Aux;
  if (!isVar(loss) || loss.value.length !== 1) {
    throw new RangeError(
      `grad: the function must return a one-element Var, got shape [${
        isVar(loss) ? loss.shape.join(", ") : typeof loss
      }]`,
    );
  }
  const gs: FloatArray[] = backward(loss, leaves);
  let i = 0;
  const grad = treeMap(params, () => {
    const k = i++;
    return tensor(gs[k], shapes[k]);
  }, isTensor);
  return { value: loss.value[0], grad, aux };
}

/**
 * The gradient of a scalar function of a parameter pytree: `grad(f)(params)` has the tree
 * structure, shapes and dtypes of `params`. Parameters the function does not use get zeros.
 *
 * @example
 * ```ts
 * import { grad, mul, sum, type Var } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const g = grad((p) => {
 *   const w = (p as { w: Var }).w;
 *   return sum(mul(w, w));
 * })({ w: fromNested([1, 2]) });
 * console.log(g); // { w: { data: Float64Array [2, 4], shape: [2] } }
 * ```
 */
export function grad(f: (p: Tree<Var>) => Var): (p: Tree<Tensor>) => Tree<Tensor> {
  return (p) => trace(f, p).grad;
}

/**
 * Value and gradient in one pass. The function may return `{ loss, aux }` to carry extra
 * outputs (predictions, metrics) out of the traced computation.
 *
 * @example
 * ```ts
 * import { mul, sum, valueAndGrad, type Var } from "@neuroplastic/core/autodiff";
 * import { fromNested } from "@neuroplastic/core/tensor";
 * const vg = valueAndGrad((p) => {
 *   const y = mul((p as Var[])[0], 3);
 *   return { loss: sum(y), aux: y.value };
 * });
 * const { value, grad, aux } = vg([fromNested([1, 2])]);
 * console.log(value, grad, aux); // 9 [{ data: [3, 3], shape: [2] }] Float64Array [3, 6]
 * ```
 */
export function valueAndGrad<Aux = undefined>(
  f: (p: Tree<Var>) => LossOut<Aux>,
): (p: Tree<Tensor>) => ValueAndGrad<Aux> {
  return (p) => trace(f, p);
}
