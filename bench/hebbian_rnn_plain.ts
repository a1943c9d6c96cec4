/**
 * Plain-JavaScript baseline of the Mode A training step for `bench/hebbian_rnn_speed.ts`: the
 * reference forward (`sc.py`) and its BPTT written the way a direct port would be — nested
 * `number[][]` matrices, a fresh matrix for every trace and every adjoint at every step,
 * no fused loops. Same equations as `engines/hebbian-rnn/bptt.ts` (the bench checks that both
 * give the same loss and gradient before timing them).
 *
 * @module
 */

type Mat = number[][];

const zeros = (r: number, c: number): Mat => Array.from({ length: r }, () => new Array(c).fill(0));

/**
 * Loss and gradient of the reference model, naive version (gradient returned as a new array).
 *
 * @example
 * ```ts ignore
 * import { plainModeALossAndGrad } from "./hebbian_rnn_plain.ts";
 * ```
 */
export const plainModeALossAndGrad = (
  p: Float64Array,
  I: number,
  H: number,
  O: number,
  x: Float64Array,
  m: Float64Array,
  target: Float64Array,
  B: number,
  T: number,
  eta: number,
): { loss: number; grad: Float64Array } => {
  // unpack [W_ih, b_ih, W_hh, b_hh, W_ho, b_ho] into matrices
  let o = 0;
  const mat = (r: number, c: number): Mat => {
    const a = zeros(r, c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) a[i][j] = p[o++];
    return a;
  };
  const vec = (n: number): number[] => Array.from({ length: n }, () => p[o++]);
  const Wih = mat(H, I), bih = vec(H), Whh = mat(H, H), bhh = vec(H), Who = mat(O, H), bho = vec(O);
  const gWih = zeros(H, I), gbih = new Array(H).fill(0), gWhh = zeros(H, H);
  const gbhh = new Array(H).fill(0), gWho = zeros(O, H), gbho = new Array(O).fill(0);
  const scale = 2 / (B * T * O);
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const hs: number[][] = [new Array(H).fill(0)];
    const Ps: Mat[] = [zeros(H, H)];
    const dys: number[][] = [];
    for (let t = 1; t <= T; t++) {
      const hp = hs[t - 1];
      const P = Ps[t - 1];
      const h = new Array(H).fill(0);
      for (let i = 0; i < H; i++) {
        let a = bih[i] + bhh[i];
        for (let k = 0; k < I; k++) a += Wih[i][k] * x[(b * T + t - 1) * I + k];
        for (let j = 0; j < H; j++) a += Whh[i][j] * hp[j] + P[i][j] * hp[j];
        h[i] = Math.tanh(a);
      }
      const c = eta * m[b * T + t - 1];
      const Pn = zeros(H, H);
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < H; j++) Pn[i][j] = (1 - eta) * P[i][j] + c * hp[i] * h[j];
      }
      hs.push(h);
      Ps.push(Pn);
      const dy = new Array(O).fill(0);
      for (let q = 0; q < O; q++) {
        let y = bho[q];
        for (let i = 0; i < H; i++) y += Who[q][i] * h[i];
        const d = y - target[(b * T + t - 1) * O + q];
        loss += d * d;
        dy[q] = scale * d;
      }
      dys.push(dy);
    }
    let G = zeros(H, H);
    let deltaNext = new Array(H).fill(0);
    for (let t = T; t >= 1; t--) {
      const h = hs[t], hp = hs[t - 1], dy = dys[t - 1];
      const dh = new Array(H).fill(0);
      for (let q = 0; q < O; q++) {
        gbho[q] += dy[q];
        for (let i = 0; i < H; i++) {
          gWho[q][i] += dy[q] * h[i];
          dh[i] += Who[q][i] * dy[q];
        }
      }
      if (t < T) {
        const hn = hs[t + 1], P = Ps[t];
        const cNext = eta * m[b * T + t], cCur = eta * m[b * T + t - 1];
        const Gn = zeros(H, H);
        for (let i = 0; i < H; i++) {
          let s = 0;
          for (let j = 0; j < H; j++) {
            s += G[i][j] * hn[j];
            gWhh[i][j] += deltaNext[i] * h[j];
            Gn[i][j] = (1 - eta) * G[i][j] + deltaNext[i] * h[j];
          }
          dh[i] += cNext * s;
        }
        for (let j = 0; j < H; j++) {
          let r = 0, q = 0;
          for (let i = 0; i < H; i++) {
            r += (Whh[i][j] + P[i][j]) * deltaNext[i];
            q += Gn[i][j] * hp[i];
          }
          dh[j] += r + cCur * q;
        }
        G = Gn;
      }
      const delta = new Array(H).fill(0);
      for (let i = 0; i < H; i++) {
        delta[i] = dh[i] * (1 - h[i] * h[i]);
        gbih[i] += delta[i];
        gbhh[i] += delta[i];
        for (let k = 0; k < I; k++) gWih[i][k] += delta[i] * x[(b * T + t - 1) * I + k];
      }
      deltaNext = delta;
    }
  }
  const grad = new Float64Array(p.length);
  o = 0;
  for (const a of [gWih, [gbih], gWhh, [gbhh], gWho, [gbho]]) {
    for (const row of a) for (const v of row) grad[o++] = v;
  }
  return { loss: loss / (B * T * O), grad };
};
