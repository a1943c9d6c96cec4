/**
 * Elementwise nonlinearities: exp, log, sqrt, abs, tanh, sigmoid, relu, softplus, atanh, acosh,
 * gelu (erf form). Each op is one forward loop and one backward loop over typed arrays (no
 * per-element closures); the backward reuses the forward output where the derivative is a
 * function of it (exp, sqrt, tanh, sigmoid).
 *
 * @module
 */
import { erf } from "./erf.ts";
import { allocLike, makeVar, type Var } from "./var.ts";

const EXP = 0, LOG = 1, SQRT = 2, ABS = 3, TANH = 4, SIGMOID = 5, RELU = 6, SOFTPLUS = 7;
const ATANH = 8, ACOSH = 9, GELU = 10;
const INV_SQRT2 = Math.SQRT1_2, INV_SQRT2PI = 1 / Math.sqrt(2 * Math.PI);

function forward(op: number, x: ArrayLike<number>, y: Float32Array | Float64Array): void {
  const n = x.length;
  switch (op) {
    case EXP:
      for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]);
      break;
    case LOG:
      for (let i = 0; i < n; i++) y[i] = Math.log(x[i]);
      break;
    case SQRT:
      for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]);
      break;
    case ABS:
      for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]);
      break;
    case TANH:
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
      break;
    case SIGMOID:
      // σ(x) = 1/(1+e^(−x)), evaluated on the side where the exponential cannot overflow.
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          y[i] = e / (1 + e);
        }
      }
      break;
    case RELU:
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0;
      break;
    case SOFTPLUS:
      // softplus(x) = ln(1+eˣ) = max(x,0) + ln(1+e^(−|x|)) (stable form)
      for (let i = 0; i < n; i++) {
        const v = x[i];
        y[i] = (v > 0 ? v : 0) + Math.log1p(Math.exp(-Math.abs(v)));
      }
      break;
    case ATANH:
      for (let i = 0; i < n; i++) y[i] = Math.atanh(x[i]);
      break;
    case ACOSH:
      for (let i = 0; i < n; i++) y[i] = Math.acosh(x[i]);
      break;
    case GELU:
      // GELU(x) = x·Φ(x) = ½x(1 + erf(x/√2)) (Hendrycks & Gimpel 2016; torch approximate="none")
      for (let i = 0; i < n; i++) y[i] = 0.5 * x[i] * (1 + erf(x[i] * INV_SQRT2));
      break;
  }
}

function backward(
  op: number,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  g: ArrayLike<number>,
  gx: Float32Array | Float64Array,
): void {
  const n = x.length;
  switch (op) {
    case EXP:
      for (let i = 0; i < n; i++) gx[i] += g[i] * y[i];
      break;
    case LOG:
      for (let i = 0; i < n; i++) gx[i] += g[i] / x[i];
      break;
    case SQRT:
      // d√x/dx = 1/(2√x)
      for (let i = 0; i < n; i++) gx[i] += g[i] / (2 * y[i]);
      break;
    case ABS:
      // sign(x), 0 at 0 (torch)
      for (let i = 0; i < n; i++) {
        const v = x[i];
        gx[i] += v > 0 ? g[i] : v < 0 ? -g[i] : 0;
      }
      break;
    case TANH:
      for (let i = 0; i < n; i++) gx[i] += g[i] * (1 - y[i] * y[i]);
      break;
    case SIGMOID:
      for (let i = 0; i < n; i++) gx[i] += g[i] * y[i] * (1 - y[i]);
      break;
    case RELU:
      // 0 at x = 0 (torch)
      for (let i = 0; i < n; i++) if (x[i] > 0) gx[i] += g[i];
      break;
    case SOFTPLUS:
      // softplus′(x) = σ(x)
      for (let i = 0; i < n; i++) {
        const v = x[i];
        let s: number;
        if (v >= 0) s = 1 / (1 + Math.exp(-v));
        else {
          const e = Math.exp(v);
          s = e / (1 + e);
        }
        gx[i] += g[i] * s;
      }
      break;
    case ATANH:
      // d artanh(x)/dx = 1/(1−x²)
      for (let i = 0; i < n; i++) gx[i] += g[i] / (1 - x[i] * x[i]);
      break;
    case ACOSH:
      // d arcosh(x)/dx = 1/√(x²−1) = 1/√((x−1)(x+1))
      for (let i = 0; i < n; i++) gx[i] += g[i] / Math.sqrt((x[i] - 1) * (x[i] + 1));
      break;
    case GELU:
      // GELU′(x) = Φ(x) + x·φ(x); Φ(x) = y/x is recovered from the forward output (no second
      // erf), except near 0 where it is recomputed.
      for (let i = 0; i < n; i++) {
        const v = x[i];
        const cdf = Math.abs(v) > 1e-3 ? y[i] / v : 0.5 * (1 + erf(v * INV_SQRT2));
        gx[i] += g[i] * (cdf + v * INV_SQRT2PI * Math.exp(-0.5 * v * v));
      }
      break;
  }
}

function unary(a: Var, op: number): Var {
  const x = a.value, y = allocLike(x, x.length);
  forward(op, x, y);
  return makeVar(y, a.shape, [a], (g, sink) => {
    const gx = sink(0);
    if (gx !== null) backward(op, x, y, g, gx);
  });
}

/**
 * eˣ.
 *
 * @example
 * ```ts
 * import { constant, exp } from "@neuroplastic/core/autodiff";
 * console.log(exp(constant(0)).value[0]); // 1
 * ```
 */
export const exp = (a: Var): Var => unary(a, EXP);
/**
 * Natural logarithm.
 *
 * @example
 * ```ts
 * import { constant, log } from "@neuroplastic/core/autodiff";
 * console.log(log(constant(1)).value[0]); // 0
 * ```
 */
export const log = (a: Var): Var => unary(a, LOG);
/**
 * √x.
 *
 * @example
 * ```ts
 * import { constant, sqrt } from "@neuroplastic/core/autodiff";
 * console.log(sqrt(constant(9)).value[0]); // 3
 * ```
 */
export const sqrt = (a: Var): Var => unary(a, SQRT);
/**
 * |x|; gradient sign(x) (0 at 0).
 *
 * @example
 * ```ts
 * import { abs, constant } from "@neuroplastic/core/autodiff";
 * console.log(abs(constant(-2)).value[0]); // 2
 * ```
 */
export const abs = (a: Var): Var => unary(a, ABS);
/**
 * tanh x.
 *
 * @example
 * ```ts
 * import { constant, tanh } from "@neuroplastic/core/autodiff";
 * console.log(tanh(constant(0)).value[0]); // 0
 * ```
 */
export const tanh = (a: Var): Var => unary(a, TANH);
/**
 * Logistic σ(x) = 1/(1+e^(−x)) (overflow-free).
 *
 * @example
 * ```ts
 * import { constant, sigmoid } from "@neuroplastic/core/autodiff";
 * console.log(sigmoid(constant(0)).value[0]); // 0.5
 * ```
 */
export const sigmoid = (a: Var): Var => unary(a, SIGMOID);
/**
 * max(x, 0); gradient 1 for x > 0, else 0.
 *
 * @example
 * ```ts
 * import { constant, relu } from "@neuroplastic/core/autodiff";
 * console.log(relu(constant(-1)).value[0]); // 0
 * ```
 */
export const relu = (a: Var): Var => unary(a, RELU);
/**
 * ln(1+eˣ) in the stable form max(x,0) + ln(1+e^(−|x|)); gradient σ(x).
 *
 * @example
 * ```ts
 * import { constant, softplus } from "@neuroplastic/core/autodiff";
 * console.log(softplus(constant(0)).value[0]); // 0.6931471805599453
 * ```
 */
export const softplus = (a: Var): Var => unary(a, SOFTPLUS);
/**
 * artanh x (|x| < 1); gradient 1/(1−x²).
 *
 * @example
 * ```ts
 * import { atanh, constant } from "@neuroplastic/core/autodiff";
 * console.log(atanh(constant(0)).value[0]); // 0
 * ```
 */
export const atanh = (a: Var): Var => unary(a, ATANH);
/**
 * arcosh x (x ≥ 1); gradient 1/√(x²−1) (infinite at 1: clamp the argument above 1 first).
 *
 * @example
 * ```ts
 * import { acosh, constant } from "@neuroplastic/core/autodiff";
 * console.log(acosh(constant(1)).value[0]); // 0
 * ```
 */
export const acosh = (a: Var): Var => unary(a, ACOSH);
/**
 * GELU in the exact erf form ½x(1 + erf(x/√2)) (PyTorch's default); gradient Φ(x) + x·φ(x).
 *
 * @example
 * ```ts
 * import { constant, gelu } from "@neuroplastic/core/autodiff";
 * console.log(gelu(constant(1)).value[0]); // 0.8413447460685429
 * ```
 */
export const gelu = (a: Var): Var => unary(a, GELU);
