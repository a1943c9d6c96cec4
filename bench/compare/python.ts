/**
 * Finding the Python interpreter for a peer benchmark (`bench/peers.ts`,
 * `bench/hebbian_rnn_speed.ts`): `NP_PYTHON` if set; else the first `python3` on PATH that imports
 * the module; else `/usr/bin/python3` (Debian's, with `apt-get install python3-numpy
 * python3-torch`). The peer's environment is single-threaded (`OPENBLAS_NUM_THREADS=1`, …) with
 * `OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE` removed together (set on some machines for old
 * OpenBLAS builds, they slow a current one).
 *
 * @module
 */

/** The interpreter found, or a one-line skip message naming what was tried. */
export type PythonFound = { py: string } | { skip: string };

/**
 * Environment for peer processes.
 *
 * @example
 * ```ts ignore
 * new Deno.Command("/usr/bin/python3", { args: ["x.py"], env: peerEnv() });
 * ```
 */
export function peerEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return { ...env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
}

/** Candidate interpreters in order. */
function candidates(): string[] {
  const forced = Deno.env.get("NP_PYTHON");
  if (forced) return [forced];
  const out: string[] = [];
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (!dir) continue;
    const p = `${dir.replace(/\/$/, "")}/python3`;
    try {
      if (Deno.statSync(p).isFile && !out.includes(p)) out.push(p);
    } catch { /* not there */ }
  }
  if (!out.includes("/usr/bin/python3")) out.push("/usr/bin/python3");
  return out;
}

const cache = new Map<string, PythonFound>();

/**
 * The first interpreter that imports `mod`, or a skip line (which never claims the module is
 * absent from the machine, only that none of the interpreters tried imports it).
 *
 * @example
 * ```ts ignore
 * const p = pythonFor("torch");
 * if ("skip" in p) console.log(p.skip);
 * ```
 */
export function pythonFor(mod: string): PythonFound {
  const hit = cache.get(mod);
  if (hit) return hit;
  const tried: string[] = [];
  let res: PythonFound | null = null;
  for (const py of candidates()) {
    tried.push(py);
    try {
      const o = new Deno.Command(py, {
        args: ["-c", `import ${mod}`],
        stdout: "null",
        stderr: "null",
        env: peerEnv(),
      }).outputSync();
      if (o.success) {
        res = { py };
        break;
      }
    } catch { /* not runnable */ }
  }
  res ??= {
    skip: `skipped: none of the interpreters tried imports ${mod} (${tried.join(", ")}${
      Deno.env.get("NP_PYTHON") ? ", from NP_PYTHON" : ""
    }); set NP_PYTHON, or install it: apt-get install python3-numpy python3-torch`,
  };
  cache.set(mod, res);
  return res;
}

/**
 * Runs `bench/compare/<script>` with the interpreter for `mod` and parses its last stdout line as
 * JSON; a script that reports `{"skipped": …}` or fails becomes a skip line.
 *
 * @example
 * ```ts ignore
 * const r = runPeer("numpy", "matmul_numpy.py", ["--n", "1024"]);
 * ```
 */
export function runPeer(
  mod: string,
  script: string,
  args: string[],
): { ok: true; out: Record<string, unknown> } | { ok: false; skip: string } {
  const p = pythonFor(mod);
  if ("skip" in p) return { ok: false, skip: p.skip };
  const here = new URL(".", import.meta.url).pathname;
  const o = new Deno.Command(p.py, {
    args: [`${here}${script}`, ...args],
    stdout: "piped",
    stderr: "piped",
    env: peerEnv(),
    cwd: here,
  }).outputSync();
  const text = new TextDecoder().decode(o.stdout).trim();
  const last = text.split("\n").pop() ?? "";
  try {
    const out = JSON.parse(last);
    if (out.skipped) {
      const why = typeof out.skipped === "string" ? out.skipped : out.reason;
      return { ok: false, skip: `skipped: ${why}` };
    }
    return { ok: true, out: { ...out, python: p.py } };
  } catch {
    const err = new TextDecoder().decode(o.stderr).trim().split("\n").slice(-2).join(" ");
    return { ok: false, skip: `skipped: ${script} failed (exit ${o.code}): ${err || last}` };
  }
}
