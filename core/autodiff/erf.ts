/**
 * The error function in double precision (W. J. Cody 1969, "Rational Chebyshev approximations
 * for the error function", Math. Comp. 23; the coefficients of netlib specfun `CALERF`),
 * accurate to about 1e-16 relative. Used by the erf-form GELU.
 *
 * @module
 */

// Cody's coefficients for |x| ≤ 0.46875: erf(x) = x·P(x²)/Q(x²).
const A = [
  3.1611237438705656,
  113.86415415105016,
  377.485237685302,
  3209.3775891384694,
  0.18577770618460315,
];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.2368334391704];
// 0.46875 < |x| ≤ 4: erfc(x) = e^(−x²)·P(x)/Q(x).
const C = [
  0.5641884969886701,
  8.883149794388377,
  66.11919063714163,
  298.6351381974001,
  881.952221241769,
  1712.0476126340707,
  2051.0783778260716,
  1230.3393547979972,
  2.1531153547440383e-8,
];
const D = [
  15.744926110709835,
  117.6939508913125,
  537.1811018620099,
  1621.3895745666903,
  3290.7992357334597,
  4362.619090143247,
  3439.3676741437216,
  1230.3393548037495,
];
// |x| > 4: erfc(x) = e^(−x²)/x·(1/√π + R(1/x²)/x²).
const P = [
  0.30532663496123236,
  0.36034489994980445,
  0.12578172611122926,
  0.016083785148742275,
  6.587491615298378e-4,
  0.016315387137302097,
];
const Q = [
  2.568520192289822,
  1.8729528499234604,
  0.5279051029514285,
  0.06051834131244132,
  0.0023352049762686918,
];
const SQRPI = 0.5641895835477563; // 1/√π

/** e^(−y²) computed as e^(−y0²)·e^(−(y−y0)(y+y0)) with y0 = ⌊16y⌋/16 (Cody), avoiding error growth. */
function expNegSq(y: number): number {
  const y0 = Math.trunc(y * 16) / 16;
  return Math.exp(-y0 * y0) * Math.exp(-(y - y0) * (y + y0));
}

/**
 * erf(x) = 2/√π ∫₀ˣ e^(−t²) dt.
 *
 * @example
 * ```ts
 * import { erf } from "@neuroplastic/core/autodiff";
 * console.log(erf(0.5)); // 0.5204998778130465
 * ```
 */
export function erf(x: number): number {
  const y = Math.abs(x);
  let r: number;
  if (y <= 0.46875) {
    const z = y * y;
    let num = A[4] * z, den = z;
    for (let i = 0; i < 3; i++) {
      num = (num + A[i]) * z;
      den = (den + B[i]) * z;
    }
    return (x * (num + A[3])) / (den + B[3]);
  } else if (y <= 4) {
    let num = C[8] * y, den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    r = 1 - expNegSq(y) * ((num + C[7]) / (den + D[7]));
  } else if (y < 6) {
    const z = 1 / (y * y);
    let num = P[5] * z, den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    const t = (z * (num + P[4])) / (den + Q[4]);
    r = 1 - (expNegSq(y) * (SQRPI - t)) / y;
  } else if (y === y) r = 1;
  else return NaN;
  return x < 0 ? -r : r;
}
