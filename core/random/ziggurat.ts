/**
 * Standard normal deviates by the 256-layer ziggurat of Marsaglia & Tsang ("The Ziggurat Method
 * for Generating Random Variables", J. Stat. Softw. 5(8), 2000), in the 64-bit form NumPy's
 * `Generator` uses (`numpy/random/src/distributions/distributions.c`,
 * `random_standard_normal`): one 64-bit unit gives layer (8 bits), sign (1 bit) and a 52-bit
 * abscissa; 99.3% of draws return after one table comparison.
 *
 * The tables are computed at load time with the fdlibm ports in `detmath.ts` and `Math.sqrt`
 * (correctly rounded by IEEE-754), so they are bit-identical on every engine.
 *
 * @module
 */
import { detExp, detLog } from "./detmath.ts";
import { type ElementStream, nextDouble, nextUnit } from "./stream.ts";

/** Right edge of the base layer (Marsaglia & Tsang 2000, Table 1, 256 layers). */
export const ZIG_R = 3.6541528853610088;
/** Area of every layer (same source). */
const ZIG_V = 0.00492867323399;
const M52 = 4503599627370496; // 2^52

/** KI[i]: acceptance threshold on the 52-bit abscissa for layer i (2^52·x_{i−1}/x_i). */
export const KI: Float64Array = new Float64Array(256);
/** WI[i]: x_i / 2^52, so that x = rabs·WI[i]. */
export const WI: Float64Array = new Float64Array(256);
/** FI[i]: f(x_i) = exp(−x_i²/2). */
export const FI: Float64Array = new Float64Array(256);

// Table construction (Marsaglia & Tsang 2000, `zigset`; NumPy `ziggurat_constants.h` layout):
// x_255 = r, x_i = sqrt(−2·ln(v/x_{i+1} + f(x_{i+1}))), layer 0 is the base of width q = v/f(r).
{
  let dn = ZIG_R;
  let tn = dn;
  const q = ZIG_V / detExp(-0.5 * dn * dn);
  KI[0] = Math.floor((dn / q) * M52);
  KI[1] = 0;
  WI[0] = q / M52;
  WI[255] = dn / M52;
  FI[0] = 1;
  FI[255] = detExp(-0.5 * dn * dn);
  for (let i = 254; i >= 1; i--) {
    dn = Math.sqrt(-2 * detLog(ZIG_V / dn + detExp(-0.5 * dn * dn)));
    KI[i + 1] = Math.floor((dn / tn) * M52);
    tn = dn;
    FI[i] = detExp(-0.5 * dn * dn);
    WI[i] = dn / M52;
  }
}

const INV_R = 1 / ZIG_R;

/**
 * A standard normal deviate from the unit (hi, lo) already drawn for the current element of
 * `st`, continuing on that element's later units when the ziggurat rejects (0.7% of draws).
 *
 * Bits of the unit r = hi·2^32 + lo: layer = r & 0xff, sign = bit 8, rabs = bits 9..60.
 * x = rabs·WI[layer]; accept at once if rabs < KI[layer]; else the base layer samples the tail
 * x > r (Marsaglia 1964: x = −ln(U1)/r, accept if −2 ln U2 > x²) and the other layers do the
 * wedge test f(x_i) + U·(f(x_{i−1}) − f(x_i)) < exp(−x²/2). Every U is a 53-bit unit double;
 * ln(1 − U) is used so the argument is never 0.
 *
 * @example
 * ```ts
 * import { elementStream, nextUnit, startElement } from "./stream.ts";
 * import { zigguratNormal } from "./ziggurat.ts";
 * const st = elementStream({ k0: 0, k1: 7 }, 1);
 * startElement(st, 0);
 * nextUnit(st);
 * console.log(zigguratNormal(st, st.hi, st.lo));
 * ```
 */
export function zigguratNormal(st: ElementStream, hi: number, lo: number): number {
  for (;;) {
    const idx = lo & 0xff;
    const neg = (lo >>> 8) & 1;
    const rabs = (hi & 0x1fffffff) * 8388608 + (lo >>> 9); // 29 + 23 = 52 bits
    const x = rabs * WI[idx];
    if (rabs < KI[idx]) return neg ? -x : x;
    if (idx === 0) {
      // tail beyond r
      for (;;) {
        const xx = -INV_R * detLog(1 - nextDouble(st));
        const yy = -detLog(1 - nextDouble(st));
        if (yy + yy > xx * xx) return neg ? -(ZIG_R + xx) : ZIG_R + xx;
      }
    }
    // wedge of layer idx
    if ((FI[idx - 1] - FI[idx]) * nextDouble(st) + FI[idx] < detExp(-0.5 * x * x)) {
      return neg ? -x : x;
    }
    nextUnit(st);
    hi = st.hi;
    lo = st.lo;
  }
}

/**
 * The next standard normal deviate of the current element of `st` (draws a fresh unit first).
 *
 * @example
 * ```ts
 * import { elementStream, startElement } from "./stream.ts";
 * import { streamNormal } from "./ziggurat.ts";
 * const st = elementStream({ k0: 0, k1: 7 }, 1);
 * startElement(st, 0);
 * console.log(streamNormal(st));
 * ```
 */
export function streamNormal(st: ElementStream): number {
  nextUnit(st);
  return zigguratNormal(st, st.hi, st.lo);
}
