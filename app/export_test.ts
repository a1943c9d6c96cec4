// `np export`: every format read back, by this repository's own readers and the library that
// wrote it (always), and by NumPy / pandas / pyarrow from Debian's /usr/bin/python3 when it has
// them (skipped with a message naming what is missing, never passed silently).
import assert from "node:assert/strict";
import { parquetReadObjects } from "hyparquet";
import { readCheckpointSync } from "@neuroplastic/core/checkpoint";
import { main } from "./cli.ts";
import { engines } from "./registry.ts";
import { recordsTable, stateArrays } from "./export.ts";
import { npyBytes, parseNpy } from "./npy.ts";

const PY = "/usr/bin/python3";
const pyHas = (mod: string): boolean => {
  try {
    return new Deno.Command(PY, { args: ["-c", `import ${mod}`], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
};
const HAS_NUMPY = pyHas("numpy");
const HAS_PANDAS = HAS_NUMPY && pyHas("pandas");
const HAS_PYARROW = HAS_NUMPY && pyHas("pyarrow");
if (!HAS_NUMPY) console.warn(`export_test: SKIPPING the NumPy read-back: no numpy in ${PY}`);
if (!HAS_PYARROW) {
  console.warn(`export_test: SKIPPING the pyarrow Parquet read-back: no pyarrow in ${PY}`);
}

const np = async (...argv: string[]) => {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s), engines);
  return { code, out, err: err.join("\n") };
};

const listing = (dir: string): string[] => {
  const all: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of Deno.readDirSync(d)) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) walk(`${d}/${e.name}`, r);
      else all.push(r);
    }
  };
  walk(dir, "");
  return all.sort();
};

/** A finished walk run with records, its expected table and final arrays. */
const makeRun = async () => {
  const root = Deno.makeTempDirSync({ prefix: "np-export-" });
  const dir = `${root}/run`;
  const r = await np(
    "walk",
    "run",
    "--steps",
    "30",
    "--particles",
    "5",
    "--seed",
    "4",
    "--record",
    "positions",
    "--stride",
    "10",
    "--out",
    dir,
    "--quiet",
  );
  assert.equal(r.code, 0, r.err);
  const records = Deno.readTextFileSync(`${dir}/records.ndjson`).trim().split("\n")
    .map((l) => JSON.parse(l) as { step: number; value: number[] });
  const state = readCheckpointSync(`${dir}/final.bin`).state as { x: Float64Array; t: number };
  return { root, dir, records, state };
};

const exportAll = async (dir: string, out: string) => {
  const files: { [k: string]: string[] } = {};
  for (const what of ["records", "final"]) {
    for (const format of ["npy", "csv", "parquet"]) {
      const ext = format === "npy" ? "" : `.${format}`;
      const r = await np(
        "export",
        dir,
        "--format",
        format,
        "--what",
        what,
        "--out",
        `${out}/${what}${ext}`,
      );
      assert.equal(r.code, 0, r.err);
      files[`${what}.${format}`] = r.out;
    }
  }
  return files;
};

const csvRows = (text: string): string[][] => text.trim().split("\n").map((l) => l.split(","));

Deno.test("np export writes only to --out (or <run>/export/) and validates its flags", async () => {
  const { root, dir } = await makeRun();
  const before = listing(dir);
  await exportAll(dir, `${root}/elsewhere`);
  assert.deepEqual(listing(dir), before, "the run folder is untouched with --out");
  assert.deepEqual(listing(root).filter((f) => !f.startsWith("run/")), [
    "elsewhere/final.csv",
    "elsewhere/final.parquet",
    "elsewhere/final/key.k0.npy",
    "elsewhere/final/key.k1.npy",
    "elsewhere/final/t.npy",
    "elsewhere/final/x.npy",
    "elsewhere/records.csv",
    "elsewhere/records.parquet",
    "elsewhere/records/positions.npy",
    "elsewhere/records/step.npy",
  ]);
  // default target: <run>/export/, nothing else added
  const d = await np("export", dir, "--format", "csv");
  assert.deepEqual(d.out, [`${dir}/export/records.csv`]);
  assert.deepEqual(listing(dir), [...before, "export/records.csv"].sort());
  // bad flags exit 2 and name the allowed values; a missing run folder exits 5
  const bad = await np("export", dir, "--format", "xlsx");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--format must be one of npy, csv, parquet/);
  assert.match((await np("export", dir, "--format", "csv", "--what", "x")).err, /records, final/);
  assert.equal((await np("export", dir)).code, 2);
  assert.match((await np("export", dir, "--format", "csv", "--bogus", "1")).err, /unknown flag/);
  assert.equal((await np("export", `${root}/nothing`, "--format", "csv")).code, 5);
  // a run that recorded nothing says how to record
  const plain = `${root}/plain`;
  await np("walk", "run", "--steps", "5", "--out", plain, "--quiet");
  const none = await np("export", plain, "--format", "csv");
  assert.equal(none.code, 2);
  assert.match(none.err, /no records \(run the command with --record/);
  Deno.removeSync(root, { recursive: true });
});

Deno.test("export read back by the repository's NPY reader, CSV and hyparquet: same numbers", async () => {
  const { root, dir, records, state } = await makeRun();
  const out = `${root}/x`;
  await exportAll(dir, out);
  const steps = records.map((r) => r.step);
  const flat = records.flatMap((r) => r.value);
  // NPY
  const stepNpy = parseNpy(Deno.readFileSync(`${out}/records/step.npy`));
  assert.equal(stepNpy.descr, "<i8");
  assert.deepEqual(Array.from(stepNpy.data as BigInt64Array, Number), steps);
  const pos = parseNpy(Deno.readFileSync(`${out}/records/positions.npy`));
  assert.deepEqual(pos.shape, [3, 10]);
  assert.deepEqual(Array.from(pos.data as Float64Array), flat);
  const x = parseNpy(Deno.readFileSync(`${out}/final/x.npy`));
  assert.equal(x.descr, "<f8");
  assert.deepEqual(Array.from(x.data as Float64Array), Array.from(state.x));
  assert.deepEqual(parseNpy(Deno.readFileSync(`${out}/final/t.npy`)).shape, []);
  // CSV (shortest round-trip decimals: exact)
  const rows = csvRows(Deno.readTextFileSync(`${out}/records.csv`));
  assert.deepEqual(rows[0], ["step", ...Array.from({ length: 10 }, (_, i) => `positions[${i}]`)]);
  assert.deepEqual(
    rows.slice(1).map((r) => r.map(Number)),
    records.map((r) => [r.step, ...r.value]),
  );
  const fin = csvRows(Deno.readTextFileSync(`${out}/final.csv`)).filter((r) => r[0] === "x");
  assert.deepEqual(fin.map((r) => Number(r[2])), Array.from(state.x));
  // Parquet, read by the writer's own reader library
  const pq = await parquetReadObjects({ file: Deno.readFileSync(`${out}/records.parquet`).buffer });
  assert.deepEqual(pq.map((r) => Number(r.step)), steps);
  assert.deepEqual(pq.map((r) => r["positions[3]"]), records.map((r) => r.value[3]));
  const pf = await parquetReadObjects({ file: Deno.readFileSync(`${out}/final.parquet`).buffer });
  assert.deepEqual(pf.filter((r) => r.array === "x").map((r) => r.value), Array.from(state.x));
  Deno.removeSync(root, { recursive: true });
});

Deno.test("records with missing cells, nested values and nulls; state leaves keep their dtype", () => {
  const t = recordsTable([
    '{"step":20,"name":"e","value":1.5}',
    '{"step":10,"name":"e","value":null}',
    '{"step":10,"name":"m","value":{"a":[1,2],"b":true}}',
    "",
  ].join("\n"));
  assert.deepEqual(t.steps, [10, 20]);
  assert.deepEqual(t.columns, ["e", "m.a[0]", "m.a[1]", "m.b"]);
  assert.deepEqual(t.values.map((c) => Array.from(c)), [[NaN, 1.5], [1, NaN], [2, NaN], [1, NaN]]);
  const a = stateArrays({
    w: Float32Array.of(0.5),
    n: Uint8Array.of(3),
    g: [[1, 2], [3, 4]],
    s: "x",
  });
  assert.deepEqual(a.map((v) => [v.path, v.data.constructor.name, v.shape]), [
    ["g", "Float64Array", [2, 2]],
    ["n", "Uint8Array", [1]],
    ["w", "Float32Array", [1]],
  ]);
  // NPY headers are 64-byte aligned and end in a newline (format 1.0)
  for (
    const [arr, shape] of [[Float64Array.of(1, 2, 3, 4), [2, 2]], [Uint8Array.of(1), []]] as const
  ) {
    const b = npyBytes(arr, shape);
    const hl = b[8] + 256 * b[9];
    assert.equal((10 + hl) % 64, 0);
    assert.equal(b[10 + hl - 1], 0x0a);
    assert.deepEqual(parseNpy(b).shape, shape);
  }
});

Deno.test({
  name: "export read back by NumPy (and pandas when installed) from Debian's python3",
  ignore: !HAS_NUMPY,
  fn: async () => {
    const { root, dir, records, state } = await makeRun();
    const out = `${root}/x`;
    await exportAll(dir, out);
    const script = `
import json, sys, numpy as np
o = sys.argv[1]
r = {"step": np.load(o + "/records/step.npy").tolist(),
     "stepDtype": str(np.load(o + "/records/step.npy").dtype),
     "positions": np.load(o + "/records/positions.npy").tolist(),
     "x": np.load(o + "/final/x.npy").tolist(),
     "t": float(np.load(o + "/final/t.npy")),
     "csv": np.genfromtxt(o + "/records.csv", delimiter=",", skip_header=1).tolist()}
try:
    import pandas as pd
    # pandas' default float parser is not round-trip exact: ask for the exact one
    r["pandas"] = pd.read_csv(o + "/records.csv", float_precision="round_trip")["positions[3]"].tolist()
except ImportError:
    pass
print(json.dumps(r))
`;
    const p = await new Deno.Command(PY, { args: ["-c", script, out] }).output();
    assert.ok(p.success, new TextDecoder().decode(p.stderr));
    const r = JSON.parse(new TextDecoder().decode(p.stdout));
    assert.deepEqual(r.step, records.map((x) => x.step));
    assert.equal(r.stepDtype, "int64");
    assert.deepEqual(r.positions, records.map((x) => x.value));
    assert.deepEqual(r.x, Array.from(state.x));
    assert.equal(r.t, state.t);
    assert.deepEqual(r.csv, records.map((x) => [x.step, ...x.value]));
    if (HAS_PANDAS) assert.deepEqual(r.pandas, records.map((x) => x.value[3]));
    else console.warn("export_test: pandas not installed: the CSV was read by NumPy only");
    Deno.removeSync(root, { recursive: true });
  },
});

Deno.test({
  name: "export Parquet read back by pyarrow (Debian has no python3-pyarrow: skipped there)",
  ignore: !HAS_PYARROW,
  fn: async () => {
    const { root, dir, records } = await makeRun();
    const out = `${root}/x`;
    await exportAll(dir, out);
    const script = `
import json, sys, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1] + "/records.parquet")
print(json.dumps({"step": t.column("step").to_pylist(), "p3": t.column("positions[3]").to_pylist()}))
`;
    const p = await new Deno.Command(PY, { args: ["-c", script, out] }).output();
    assert.ok(p.success, new TextDecoder().decode(p.stderr));
    const r = JSON.parse(new TextDecoder().decode(p.stdout));
    assert.deepEqual(r.step, records.map((x) => x.step));
    assert.deepEqual(r.p3, records.map((x) => x.value[3]));
    Deno.removeSync(root, { recursive: true });
  },
});
