import fc from "fast-check";
import * as g from "./mod.ts";
import { arbCase, arbVector, maxAbsDiff, neg, norm } from "./test_util.ts";
const W: Record<string, number> = {};
const rec = (k: string, e: number) => {
  W[k] = Math.max(W[k] ?? 0, e);
};
fc.assert(
  fc.property(arbCase(3), arbVector(6, 1), ({ c, d, p: [x, y, a] }, v6) => {
    const sc = Math.sqrt(c);
    const lx = g.conformalFactor(x, c);
    // tangent vector with Riemannian length ≤ 4
    const v = v6.subarray(0, d).map((t) => (t * 4) / lx / Math.sqrt(c));
    rec("explog", sc * maxAbsDiff(g.expMap(x, g.logMap(x, y, c), c), y));
    rec("logexp(rel riem)", Math.sqrt(c) * lx * maxAbsDiff(g.logMap(x, g.expMap(x, v, c), c), v));
    const dxy = g.distance(x, y, c);
    rec("d=lam|log|", Math.abs(dxy - lx * norm(g.logMap(x, y, c))) / (1 + dxy));
    rec("sym", Math.abs(dxy - g.distance(y, x, c)));
    rec("diag", g.distance(x, x, c));
    const tri = dxy - g.distance(x, a, c) - g.distance(a, y, c);
    rec("tri", tri);
    rec(
      "translate",
      Math.abs(g.distance(g.mobiusAdd(a, x, c), g.mobiusAdd(a, y, c), c) - dxy) / (1 + dxy),
    );
    rec("d0", Math.abs(g.distance(new Float64Array(d), y, c) - 2 / sc * Math.atanh(sc * norm(y))));
    const pt = g.parallelTransport(x, y, v, c);
    rec("pt", Math.abs(g.conformalFactor(y, c) * norm(pt) - lx * norm(v)) / (1 + lx * norm(v)));
    rec(
      "pt-log",
      sc * maxAbsDiff(g.parallelTransport(x, y, g.logMap(x, y, c), c), neg(g.logMap(y, x, c))),
    );
  }),
  { seed: 42, numRuns: 5000 },
);
console.log(W);
