/**
 * `deno task mutation`: a small, seeded mutation-testing run over the kernel code of every
 * workspace member (core, geometry, plasticity, evolution, engines/*).
 *
 * Why a script of our own: StrykerJS (the usual JS/TS mutation tool) ships runners for Jest,
 * Mocha, Karma, Jasmine, Vitest, tap and Cucumber, plus a generic "command runner"; there is no
 * Deno runner (stryker-js issue #2977, Deno issue #12768, both open). Its command runner would
 * run one fixed command (the whole suite, minutes here) for every mutant, cannot pick the tests
 * of the touched module, and needs a Node install (package.json + node_modules) that this repo
 * does not have. So this script stays small: text-level mutation operators, one copy of the repo
 * per worker, `deno test --no-check --fail-fast` on the touched module's tests.
 *
 * What it does:
 * 1. lists the kernel source files (git ls-files; not tests, test helpers, GPU cases, GPU
 *    folders, benchmarks, reports, CLI/orchestrator glue: see {@link isKernelFile});
 * 2. enumerates candidate faults per file on the code with comments, strings, template literals
 *    and regular expressions masked out (see {@link findCandidates}): a flipped sign, an
 *    arithmetic or relational operator swap (`<` ↔ `<=`, `+` ↔ `-`, `*` ↔ `/`), `===` ↔ `!==`,
 *    `&&` ↔ `||`, a changed numeric constant, an off-by-one loop bound, two swapped indices, a
 *    dropped term, `Math.max` ↔ `Math.min`, `Math.floor` ↔ `Math.ceil`, `++` ↔ `--`;
 * 3. picks `--per-member` of them (default 16) per member with a seeded PRNG (`--seed`, default
 *    22), round-robin over files, so the list is reproducible for a given tree;
 * 4. copies the tracked files (git ls-files) into a temp dir per worker and mutates only there:
 *    the working tree is never written (its `git status` stays clean);
 * 5. per mutant runs the test files of the mutated module's folder and those of its member that
 *    import it, keeping those that reach it through relative imports, in two stages (first those
 *    that reach it without a `mod.ts` barrel, then, if all pass, the others: see
 *    {@link testStages}); a failing run is "killed",
 *    a run past the per-mutant timeout (max(60 s, 3 × the unmutated time of its files, loading
 *    included, from one unmutated run of all files first)) is "killed (timeout)"
 *    and reported separately, a green run "survived";
 * 6. writes `docs/results/mutation.md` and `.json` (partial runs with `--limit`/`--only` write to
 *    `.scratch/mutation-partial.*` unless `--out` is given).
 *
 * Equivalent mutants (that cannot change behaviour) are listed with a reason in
 * `bench/mutation_equivalent.json` and excluded from the score; the report lists them.
 *
 * Flags: `--limit N` (first N of the selection), `--only <member>` (`core`, `geometry`,
 * `plasticity`, `evolution`, `engines/sorn`, …), `--seed S`, `--per-member K`, `--jobs J`
 * (parallel workers, default 2), `--list` (print the selection and exit), `--out PATH` (without
 * extension), `--ids 3,17` (only these mutants of the selection, to re-check a few).
 *
 * @example
 * ```sh
 * nice -n 10 deno task mutation                      # full run, writes docs/results/mutation.*
 * deno task mutation --only plasticity --limit 5     # quick look
 * deno task mutation --list                          # the selected faults, nothing run
 * ```
 *
 * @module
 */

/** One candidate fault: replace `from` at `offset` of `file` with `to`. */
export interface Mutant {
  /** Stable id within a run (selection order). */
  id: number;
  /** Workspace group (`core`, `engines/sorn`, …). */
  member: string;
  /** Repo-relative path. */
  file: string;
  /** 1-based line and column. */
  line: number;
  col: number;
  /** Character offset of `from` in the file. */
  offset: number;
  /** Operator name (`relational`, `const`, …). */
  op: string;
  from: string;
  to: string;
  /** The original source line, trimmed. */
  source: string;
}

/** Outcome of one mutant. */
export type Status = "killed" | "timeout" | "survived" | "no-tests" | "equivalent";

/** A mutant with its outcome. */
export interface MutantResult extends Mutant {
  status: Status;
  /** Test files run. */
  tests: string[];
  /** Wall time of the test run, ms. */
  ms: number;
  /** CPU seconds of the test run (approximate). */
  cpu: number;
  /** Reason, for equivalent mutants. */
  reason?: string;
}

/**
 * An equivalent-mutant exclusion: matches file, trimmed source line and replacement (and the
 * line number when given, for a line whose text repeats in the file).
 */
export interface Equivalent {
  file: string;
  line?: number;
  source: string;
  from: string;
  to: string;
  reason: string;
}

/** The workspace groups that are mutated, in report order. */
export const MEMBERS = [
  "core",
  "geometry",
  "plasticity",
  "evolution",
  "engines/genreg",
  "engines/hebbian-rnn",
  "engines/lndp",
  "engines/rsgn",
  "engines/sorn",
  "engines/walk",
];

/** The group of a repo path, or undefined when it is in none. */
export const memberOf = (path: string): string | undefined =>
  MEMBERS.find((m) => path.startsWith(m + "/"));

/**
 * Whether a tracked file counts as kernel source: TypeScript in a member, not a test or test
 * helper, not GPU code (no adapter here: their tests are ignored), not a benchmark, report,
 * showcase, CLI/orchestrator adapter or config schema.
 */
export const isKernelFile = (path: string): boolean => {
  if (!path.endsWith(".ts") || memberOf(path) === undefined) return false;
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (/test|fixture|_cases\.ts$|_bench\.ts$|^mod\.ts$/.test(base)) return false;
  if (/(^|\/)(gpu|testdata|sim|chart)\//.test(path)) return false;
  const glue = [
    /^bench/,
    /report/,
    /^markdown\.ts$/,
    /^showcase\.ts$/,
    /^process\.ts$/,
    /^trainer_process\.ts$/,
    /^run\.ts$/,
    /^worker\.ts$/,
    /^pool.*\.ts$/,
    /^trial_job\.ts$/,
    /^config\.ts$/,
    /^study\.ts$/,
    /^experiments\.ts$/,
    /^types\.ts$/,
    /^errors\.ts$/,
    /^fp-ts\.ts$/,
    /^wasm_emit\.ts$/,
    /^wasm_gemm\.ts$/,
    /^file\.ts$/,
    /^evaluate\.ts$/,
    /^stream\.ts$/,
    /^specs\.ts$/,
    /^golden\.ts$/,
  ];
  return !glue.some((r) => r.test(base));
};

/**
 * The source with comments, string and template literals and regular expressions replaced by
 * `_` (newlines kept), so offsets and lines match the original and no operator inside them is
 * ever mutated. String delimiters are kept so lines with strings can be recognised.
 */
export const maskSource = (src: string): string => {
  const out = src.split("");
  const n = src.length;
  let i = 0;
  let lastSig = ""; // last significant (non-space) character of code
  const blank = (a: number, b: number) => {
    for (let k = a; k < b; k++) if (out[k] !== "\n") out[k] = "_";
  };
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === "/" && d === "/") {
      const e = src.indexOf("\n", i);
      const end = e < 0 ? n : e;
      blank(i, end);
      i = end;
    } else if (c === "/" && d === "*") {
      const e = src.indexOf("*/", i + 2);
      const end = e < 0 ? n : e + 2;
      blank(i, end);
      i = end;
    } else if (c === '"' || c === "'" || c === "`") {
      let k = i + 1;
      let depth = 0;
      while (k < n) {
        if (src[k] === "\\") {
          k += 2;
          continue;
        }
        if (c === "`" && src[k] === "$" && src[k + 1] === "{") depth++;
        else if (c === "`" && depth > 0 && src[k] === "}") depth--;
        else if (src[k] === c && depth === 0) break;
        k++;
      }
      blank(i + 1, k);
      i = k + 1;
      lastSig = c;
    } else if (c === "/" && (lastSig === "" || "(,=:[!&|?{};+-*%<>~^".includes(lastSig))) {
      // a regular expression literal
      let k = i + 1;
      let cls = false;
      while (k < n && src[k] !== "\n") {
        if (src[k] === "\\") {
          k += 2;
          continue;
        }
        if (src[k] === "[") cls = true;
        else if (src[k] === "]") cls = false;
        else if (src[k] === "/" && !cls) break;
        k++;
      }
      blank(i + 1, k);
      i = k + 1;
      lastSig = "/";
    } else {
      if (!/\s/.test(c)) lastSig = c;
      i++;
    }
  }
  return out.join("");
};

type Raw = Omit<Mutant, "id" | "member" | "file" | "line" | "col" | "source">;

/** Whether a masked line is worth mutating (code, no strings, no imports or type declarations). */
const mutableLine = (line: string): boolean => {
  const t = line.trim();
  if (t === "" || /["'`]/.test(t)) return false;
  if (/^(import|export \{|export \*|export type|type |interface |readonly |declare )/.test(t)) {
    return false;
  }
  if (/^(throw|assert)/.test(t)) return false;
  return true;
};

/**
 * Every candidate fault of one file, in source order. `masked` is {@link maskSource} of `src`.
 */
export const findCandidates = (src: string, masked = maskSource(src)): Raw[] => {
  const out: Raw[] = [];
  const lines = masked.split("\n");
  let base = 0;
  const add = (offset: number, op: string, from: string, to: string) =>
    out.push({ offset, op, from, to });
  for (const line of lines) {
    if (mutableLine(line)) {
      const at = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
        re.lastIndex = 0;
        for (let m = re.exec(line); m; m = re.exec(line)) fn(m);
      };
      const forHead = /\bfor \(/.test(line);
      // relational: `<` ↔ `<=`, `>` ↔ `>=`
      at(/ (<=|>=|<|>) /g, (m) => {
        const to = { "<": "<=", "<=": "<", ">": ">=", ">=": ">" }[m[1]]!;
        add(base + m.index + 1, "relational", m[1], to);
      });
      // arithmetic: `+` ↔ `-`, `*` ↔ `/`
      at(/ ([+\-*/]) /g, (m) => {
        const to = { "+": "-", "-": "+", "*": "/", "/": "*" }[m[1]]!;
        add(base + m.index + 1, "arithmetic", m[1], to);
      });
      // compound assignment
      at(/ ([+\-*/])= /g, (m) => {
        const to = { "+": "-=", "-": "+=", "*": "/=", "/": "*=" }[m[1]]!;
        add(base + m.index + 1, "assign", m[1] + "=", to);
      });
      // equality
      at(/ (===|!==) /g, (m) => {
        add(base + m.index + 1, "equality", m[1], m[1] === "===" ? "!==" : "===");
      });
      // logical
      at(/ (&&|\|\|) /g, (m) => {
        add(base + m.index + 1, "logical", m[1], m[1] === "&&" ? "||" : "&&");
      });
      // Math.max ↔ Math.min, Math.floor ↔ Math.ceil
      at(/Math\.(max|min|floor|ceil)\(/g, (m) => {
        const to = { max: "min", min: "max", floor: "ceil", ceil: "floor" }[m[1]]!;
        add(base + m.index + 5, "math", m[1], to);
      });
      // ++ ↔ -- outside loop headers
      if (!forHead) {
        at(/\b[\w\]]+(\+\+|--)/g, (m) => {
          const off = m.index + m[0].length - 2;
          add(base + off, "increment", m[1], m[1] === "++" ? "--" : "++");
        });
      }
      // flipped sign: drop a unary minus
      at(/(^|[(=,:?[]|return|[+*/<>] ) ?-(?=[\w(.])/g, (m) => {
        const off = m.index + m[0].length - 1;
        add(base + off, "sign", "-", "");
      });
      // numeric constant: integer k → k + 1, other numbers × 2
      at(/(?<![\w.$])(\d+\.?\d*(?:e-?\d+)?)(?![\w.])/g, (m) => {
        const v = Number(m[1]);
        if (!Number.isFinite(v)) return;
        const to = /^\d+$/.test(m[1]) ? String(v + 1) : String(v * 2);
        add(base + m.index, "const", m[1], to);
      });
      // off-by-one loop bound: `i < n` → `i < n - 1`, `let i = 0` → `let i = 1`
      at(/for \(let (\w+) = ([^;]+); \1 (<|<=) ([^;&|?]+);/g, (m) => {
        const boundAt = m.index + m[0].length - 1 - m[4].length;
        add(base + boundAt, "bound", m[4], `${m[4]} - 1`);
      });
      // swapped indices: `[a * n + b]` → `[b * n + a]`, `[a][b]` → `[b][a]`
      at(/\[([A-Za-z_]\w*) \* ([A-Za-z_]\w*) \+ ([A-Za-z_]\w*)\]/g, (m) => {
        if (m[1] === m[3]) return;
        add(base + m.index, "swap", m[0], `[${m[3]} * ${m[2]} + ${m[1]}]`);
      });
      at(/\[([A-Za-z_]\w*)\]\[([A-Za-z_]\w*)\]/g, (m) => {
        if (m[1] === m[2]) return;
        add(base + m.index, "swap", m[0], `[${m[2]}][${m[1]}]`);
      });
      // dropped term: `a + b;` → `a;` for a simple last operand
      at(/ [+\-] ([\w.]+(?:\[[\w .+\-*]*\])?)(?=[;),\]])/g, (m) => {
        add(base + m.index, "drop", m[0], "");
      });
    }
    base += line.length + 1;
  }
  return out;
};

/** A 32-bit seeded PRNG (mulberry32): the selection must not depend on Math.random. */
export const prng = (seed: number): () => number => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const shuffle = <T>(xs: T[], rnd: () => number): T[] => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};

/**
 * Picks `perMember` candidates per member: files in a seeded order, taken round-robin; in each
 * file the operator used least so far in the member first; at most one fault per line.
 */
export const selectMutants = (
  sources: Map<string, string>,
  opts: { seed: number; perMember: number; members?: string[] },
): Mutant[] => {
  const rnd = prng(opts.seed);
  const picked: Mutant[] = [];
  for (const member of opts.members ?? MEMBERS) {
    const files = [...sources.keys()].filter((f) => memberOf(f) === member).sort();
    const pools = new Map<string, Raw[]>();
    for (const f of files) {
      const c = findCandidates(sources.get(f)!);
      if (c.length > 0) pools.set(f, shuffle(c, rnd));
    }
    const order = shuffle([...pools.keys()], rnd);
    const used = new Map<string, number>();
    const lines = new Set<string>();
    let taken = 0;
    while (taken < opts.perMember && order.some((f) => pools.get(f)!.length > 0)) {
      for (const f of order) {
        if (taken >= opts.perMember) break;
        const pool = pools.get(f)!;
        const src = sources.get(f)!;
        // the least-used operator among this file's remaining candidates
        let best = -1;
        for (let k = 0; k < pool.length; k++) {
          const ln = lineOf(src, pool[k].offset);
          if (lines.has(`${f}:${ln}`)) continue;
          if (best < 0 || (used.get(pool[k].op) ?? 0) < (used.get(pool[best].op) ?? 0)) best = k;
        }
        if (best < 0) {
          pool.length = 0;
          continue;
        }
        const [r] = pool.splice(best, 1);
        const ln = lineOf(src, r.offset);
        lines.add(`${f}:${ln}`);
        used.set(r.op, (used.get(r.op) ?? 0) + 1);
        const lineStart = src.lastIndexOf("\n", r.offset - 1) + 1;
        const lineEnd = src.indexOf("\n", r.offset);
        picked.push({
          ...r,
          id: picked.length + 1,
          member,
          file: f,
          line: ln,
          col: r.offset - lineStart + 1,
          source: src.slice(lineStart, lineEnd < 0 ? src.length : lineEnd).trim(),
        });
        taken++;
      }
    }
  }
  return picked;
};

const lineOf = (src: string, offset: number): number => {
  let n = 1;
  for (let i = 0; i < offset; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
};

/** The source with the mutant applied. Throws if the text at the offset is not `from`. */
export const applyMutant = (src: string, m: Pick<Mutant, "offset" | "from" | "to">): string => {
  if (src.slice(m.offset, m.offset + m.from.length) !== m.from) {
    throw new Error(`mutant does not match the source at ${m.offset}: ${m.from}`);
  }
  return src.slice(0, m.offset) + m.to + src.slice(m.offset + m.from.length);
};

/** Relative imports (static and dynamic) of a module, as repo paths. */
export const relativeImports = (file: string, src: string): string[] => {
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  const out: string[] = [];
  const re = /(?:from|import)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g;
  for (let m = re.exec(src); m; m = re.exec(src)) out.push(normalize(`${dir}/${m[1]}`));
  return out;
};

const normalize = (p: string): string => {
  const parts: string[] = [];
  for (const s of p.split("/")) {
    if (s === "" || s === ".") continue;
    if (s === "..") parts.pop();
    else parts.push(s);
  }
  return parts.join("/");
};

/**
 * The test files for a mutated file, in two stages: the test files of its folder and those of
 * its member that import it directly, kept when they reach it through relative imports. Stage 1
 * holds those that reach it without passing through a `mod.ts` barrel (its own tests: cheap,
 * and most faults die there); stage 2 the rest, run only when stage 1 passes. The file's own
 * `<name>_test.ts` comes first.
 */
export const testStages = (file: string, sources: Map<string, string>): string[][] => {
  const dir = file.slice(0, file.lastIndexOf("/"));
  const member = memberOf(file);
  const tests = [...sources.keys()].filter((f) => f.endsWith("_test.ts"));
  const graph = new Map<string, string[]>();
  const deps = (f: string): string[] => {
    let d = graph.get(f);
    if (!d) graph.set(f, d = relativeImports(f, sources.get(f) ?? ""));
    return d;
  };
  const reaches = (t: string, viaBarrel: boolean): boolean => {
    const seen = new Set<string>([t]);
    const stack = [t];
    while (stack.length > 0) {
      const f = stack.pop()!;
      for (const g of deps(f)) {
        if (g === file) return true;
        if (!viaBarrel && g.endsWith("mod.ts")) continue;
        if (!seen.has(g) && sources.has(g)) {
          seen.add(g);
          stack.push(g);
        }
      }
    }
    return false;
  };
  const sameDir = (t: string) => t.slice(0, t.lastIndexOf("/")) === dir;
  const own = file.replace(/\.ts$/, "_test.ts");
  const order = (ts: string[]) =>
    ts.sort((a, b) => (a === own ? -1 : b === own ? 1 : a < b ? -1 : 1));
  const candidates = tests.filter((t) =>
    sameDir(t) || (member !== undefined && memberOf(t) === member && deps(t).includes(file))
  );
  const near = candidates.filter((t) => reaches(t, false));
  const rest = candidates.filter((t) => !near.includes(t) && reaches(t, true));
  return [order(near), order(rest)].filter((st) => st.length > 0);
};

/** All test files of {@link testStages}, stage 1 first. */
export const testsFor = (file: string, sources: Map<string, string>): string[] =>
  testStages(file, sources).flat();

/** How one test run ended. */
export interface RunOutcome {
  ok: boolean;
  timedOut: boolean;
  ms: number;
  /** CPU seconds of the test process (Linux /proc, sampled every 200 ms; 0 elsewhere). */
  cpu: number;
  output: string;
}

/** user + system CPU seconds of a live process from /proc (CLK_TCK = 100), or undefined. */
const procCpu = (pid: number): number | undefined => {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields 14-17 of proc_pid_stat(5): utime stime cutime cstime (f[0] is field 3)
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return undefined;
  }
};

/**
 * Wall time per test file from `deno test` output (top-level `name ... ok (12ms)` lines after
 * `running N tests from ./file`), ms.
 */
export const fileDurations = (output: string): Map<string, number> => {
  const out = new Map<string, number>();
  let file = "";
  for (const line of output.split("\n")) {
    const run = line.match(/^running \d+ tests? from \.\/(\S+)/);
    if (run) {
      file = run[1];
      if (!out.has(file)) out.set(file, 0);
      continue;
    }
    const d = line.match(
      /^\S.* \.\.\. (?:ok|FAILED|ignored) \(((?:\d+m)?\s*(?:\d+(?:\.\d+)?m?s)?)\)$/,
    );
    if (d && file) {
      let ms = 0;
      for (const [, v, u] of d[1].matchAll(/(\d+(?:\.\d+)?)(ms|s|m)/g)) {
        ms += Number(v) * (u === "ms" ? 1 : u === "s" ? 1000 : 60_000);
      }
      out.set(file, out.get(file)! + ms);
    }
  }
  return out;
};

/** Runs `deno test` on `tests` in `cwd` with a timeout (the child is SIGKILLed at the deadline). */
export const runTests = async (
  cwd: string,
  tests: string[],
  timeoutMs: number,
  failFast = true,
): Promise<RunOutcome> => {
  const t0 = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "-A",
      "--no-check",
      "--unstable-kv",
      "--unstable-webgpu",
      ...(failFast ? ["--fail-fast"] : []),
      ...tests,
    ],
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  let cpu = 0;
  const sampler = setInterval(() => {
    cpu = procCpu(child.pid) ?? cpu;
  }, 200);
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, timeoutMs);
  const out = await child.output();
  clearTimeout(timer);
  clearInterval(sampler);
  const dec = new TextDecoder();
  return {
    ok: out.code === 0 && !timedOut,
    timedOut,
    ms: performance.now() - t0,
    cpu,
    output: dec.decode(out.stdout).slice(-4000) + dec.decode(out.stderr).slice(-4000),
  };
};

/** Temp copies alive now (removed on SIGINT/SIGTERM by the CLI). */
const liveCopies = new Set<string>();

/** Copies `files` (repo-relative) from `root` into a fresh temp dir; returns its path. */
export const copyTree = async (root: string, files: string[]): Promise<string> => {
  const dir = await Deno.makeTempDir({ prefix: "np-mutation-" });
  liveCopies.add(dir);
  const made = new Set<string>();
  for (const f of files) {
    const d = f.includes("/") ? f.slice(0, f.lastIndexOf("/")) : "";
    if (d && !made.has(d)) {
      await Deno.mkdir(`${dir}/${d}`, { recursive: true });
      made.add(d);
    }
    try {
      await Deno.copyFile(`${root}/${f}`, `${dir}/${f}`);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e; // deleted but still tracked
    }
  }
  return dir;
};

/** Options of {@link runMutants}. */
export interface RunOptions {
  jobs: number;
  /**
   * Timeout per mutant = max(minTimeoutMs, factor × Σ over its files of (unmutated test time +
   * the baseline's time outside tests per file)), both from the baseline run.
   */
  minTimeoutMs: number;
  timeoutFactor: number;
  equivalents: Equivalent[];
  log?: (line: string) => void;
}

/**
 * Runs every mutant in temp copies of `files` under `root` (never writing to `root`): first one
 * unmutated run of every test file involved (a red baseline is an error), then each mutant.
 */
export const runMutants = async (
  root: string,
  files: string[],
  sources: Map<string, string>,
  mutants: Mutant[],
  opts: RunOptions,
): Promise<{ results: MutantResult[]; baselines: Record<string, number>; baselineCpu: number }> => {
  const log = opts.log ?? (() => {});
  const jobs = Math.max(1, opts.jobs);
  const copies = await Promise.all(Array.from({ length: jobs }, () => copyTree(root, files)));
  try {
    const stages = mutants.map((m) => testStages(m.file, sources));
    const testSets = stages.map((st) => st.flat());
    // baseline: one unmutated run over every test file involved; its per-file durations and its
    // start-up overhead set each mutant's timeout
    const all = [...new Set(testSets.flat())].sort();
    const baselines: Record<string, number> = {};
    let perFileMs = 0;
    let baselineCpu = 0;
    // split over the workers: file i goes to chunk i mod jobs
    const chunks = Array.from({ length: jobs }, (_, w) => all.filter((_, i) => i % jobs === w))
      .filter((c) => c.length > 0);
    const t0 = performance.now();
    await Promise.all(chunks.map(async (chunk, w) => {
      const r = await runTests(copies[w], chunk, 60 * 60_000, false);
      if (!r.ok) throw new Error(`the unmutated tests fail:\n${r.output}`);
      for (const [f, ms] of fileDurations(r.output)) baselines[f] = Math.round(ms);
      const sum = chunk.reduce((a, f) => a + (baselines[f] ?? 0), 0);
      // what the run spent outside the tests (start-up, loading modules), per file
      perFileMs = Math.max(perFileMs, (r.ms - sum) / chunk.length);
      baselineCpu += r.cpu;
    }));
    if (all.length > 0) {
      log(`baseline ${Math.round(performance.now() - t0)} ms over ${all.length} test files`);
    }
    const results: MutantResult[] = new Array(mutants.length);
    await pool(mutants.map((_, i) => i), jobs, async (i, w) => {
      const m = mutants[i];
      const tests = testSets[i];
      const eq = opts.equivalents.find((e) =>
        e.file === m.file && e.source === m.source && e.from === m.from && e.to === m.to &&
        (e.line === undefined || e.line === m.line)
      );
      if (eq) {
        results[i] = { ...m, status: "equivalent", tests, ms: 0, cpu: 0, reason: eq.reason };
      } else if (tests.length === 0) {
        results[i] = { ...m, status: "no-tests", tests, ms: 0, cpu: 0 };
      } else {
        const src = sources.get(m.file)!;
        const path = `${copies[w]}/${m.file}`;
        await Deno.writeTextFile(path, applyMutant(src, m));
        try {
          // stage after stage until one fails or times out
          let status: Status = "survived";
          let ms = 0, cpu = 0;
          const ran: string[] = [];
          for (const stage of stages[i]) {
            const base = stage.reduce((a, t) => a + (baselines[t] ?? 0) + perFileMs, 0);
            const timeout = Math.max(opts.minTimeoutMs, opts.timeoutFactor * base);
            const r = await runTests(copies[w], stage, timeout);
            ms += r.ms;
            cpu += r.cpu;
            ran.push(...stage);
            status = r.timedOut ? "timeout" : r.ok ? "survived" : "killed";
            if (status !== "survived") break;
          }
          results[i] = { ...m, status, tests: ran, ms: Math.round(ms), cpu };
        } finally {
          await Deno.writeTextFile(path, src);
        }
      }
      const r = results[i];
      log(
        `#${m.id} ${r.status.padEnd(8)} ${m.file}:${m.line} ${m.op} ${JSON.stringify(m.from)} -> ${
          JSON.stringify(m.to)
        } (${r.ms} ms)`,
      );
    });
    return { results, baselines, baselineCpu };
  } finally {
    for (const c of copies) {
      await Deno.remove(c, { recursive: true }).catch(() => {});
      liveCopies.delete(c);
    }
  }
};

/** Runs `work` over `items` with `n` workers; the worker index is passed along. */
const pool = async <T>(
  items: T[],
  n: number,
  work: (item: T, worker: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async (_, w) => {
    while (next < items.length) await work(items[next++], w);
  }));
};

/** Score = (killed + timeout) / (all − equivalent); `no-tests` counts as survived. */
export const score = (results: MutantResult[]): {
  total: number;
  killed: number;
  timeout: number;
  survived: number;
  noTests: number;
  equivalent: number;
  score: number;
} => {
  const c = (s: Status) => results.filter((r) => r.status === s).length;
  const equivalent = c("equivalent");
  const killed = c("killed");
  const timeout = c("timeout");
  const scored = results.length - equivalent;
  return {
    total: results.length,
    killed,
    timeout,
    survived: c("survived"),
    noTests: c("no-tests"),
    equivalent,
    score: scored === 0 ? 0 : (killed + timeout) / scored,
  };
};

/** The Markdown report. */
export const renderReport = (
  results: MutantResult[],
  meta: {
    seed: number;
    perMember: number;
    command: string;
    seconds: number;
    commit: string;
    load: string;
    cpu: number;
  },
): string => {
  const s = score(results);
  const pct = (x: number) => (100 * x).toFixed(1);
  const code = (x: string) => "`" + (x === "" ? "∅" : x.replaceAll("|", "\\|")) + "`";
  const row = (r: MutantResult) =>
    `| ${r.id} | ${r.file}:${r.line} | ${r.op} | ${code(r.from)} → ${code(r.to)} | ${
      code(r.source.length > 70 ? r.source.slice(0, 67) + "..." : r.source)
    } |`;
  const L: string[] = [];
  L.push("# Mutation score", "");
  L.push(
    `Generated by \`${meta.command}\` (bench/mutation.ts) on commit ${meta.commit}, seed ${meta.seed}, ${meta.perMember} faults per member, ${
      meta.seconds.toFixed(0)
    } s wall time, ≈ ${
      meta.cpu.toFixed(0)
    } CPU s in the test processes (load average at start / end: ${meta.load}, 2 shared cores). Each fault is applied in a temp copy of the tracked files and the tests of the mutated module run with \`deno test --no-check --fail-fast\`.`,
    "",
  );
  L.push(`**Score: ${pct(s.score)} %** = (killed + timeouts) / (faults − equivalent)`, "");
  L.push("| faults | killed | killed by timeout | survived | no covering test | equivalent |");
  L.push("| --- | --- | --- | --- | --- | --- |");
  L.push(
    `| ${s.total} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noTests} | ${s.equivalent} |`,
    "",
  );
  L.push("## Per member", "", "| member | faults | killed (+timeout) | survived | score |");
  L.push("| --- | --- | --- | --- | --- |");
  for (const m of MEMBERS) {
    const rs = results.filter((r) => r.member === m);
    if (rs.length === 0) continue;
    const t = score(rs);
    L.push(
      `| ${m} | ${t.total} | ${t.killed + t.timeout} | ${t.survived + t.noTests} | ${
        pct(t.score)
      } % |`,
    );
  }
  L.push("", "## Per operator", "", "| operator | faults | killed (+timeout) | survived |");
  L.push("| --- | --- | --- | --- |");
  for (const op of [...new Set(results.map((r) => r.op))].sort()) {
    const t = score(results.filter((r) => r.op === op));
    L.push(`| ${op} | ${t.total} | ${t.killed + t.timeout} | ${t.survived + t.noTests} |`);
  }
  const list = (title: string, rs: MutantResult[], extra = false) => {
    L.push("", `## ${title} (${rs.length})`, "");
    if (rs.length === 0) return void L.push("None.");
    L.push(
      extra
        ? "| # | file:line | operator | mutation | source line | reason |"
        : "| # | file:line | operator | mutation | source line |",
    );
    L.push(extra ? "| --- | --- | --- | --- | --- | --- |" : "| --- | --- | --- | --- | --- |");
    for (const r of rs) L.push(extra ? `${row(r)} ${r.reason} |` : row(r));
  };
  list("Survived", results.filter((r) => r.status === "survived" || r.status === "no-tests"));
  list("Killed by timeout", results.filter((r) => r.status === "timeout"));
  list("Excluded as equivalent", results.filter((r) => r.status === "equivalent"), true);
  list("Killed", results.filter((r) => r.status === "killed"));
  return L.join("\n") + "\n";
};

/**
 * The JSON written beside the report (`docs/results/mutation.json`).
 *
 * @example
 * ```ts ignore
 * const r: MutationReport = JSON.parse(await Deno.readTextFile("docs/results/mutation.json"));
 * console.log(r.command); // "deno task mutation"
 * ```
 */
export interface MutationReport {
  readonly seed: number;
  readonly perMember: number;
  /** The command line of the run (`deno task mutation …`). */
  readonly command: string;
  readonly commit: string;
  readonly seconds: number;
  readonly cpu: number;
  readonly load: string;
  readonly score: ReturnType<typeof score>;
  readonly baselines: Record<string, number>;
  readonly results: MutantResult[];
}

/**
 * The Markdown report from its JSON alone (what the run writes, and what the docs drift test
 * re-renders).
 *
 * @example
 * ```ts ignore
 * const report = JSON.parse(await Deno.readTextFile("docs/results/mutation.json"));
 * console.log(mutationMarkdown(report).startsWith("# Mutation score")); // true
 * ```
 */
export const mutationMarkdown = (report: MutationReport): string =>
  renderReport(report.results, report);

const flag = (name: string): string | undefined => {
  const i = Deno.args.indexOf(`--${name}`);
  if (i >= 0) return Deno.args[i + 1];
  const eq = Deno.args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
};

const git = async (root: string, ...args: string[]): Promise<string> => {
  const out = await new Deno.Command("git", { args, cwd: root, stdout: "piped" }).output();
  if (out.code !== 0) throw new Error(`git ${args.join(" ")} failed`);
  return new TextDecoder().decode(out.stdout);
};

if (import.meta.main) {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(sig, () => {
      for (const c of liveCopies) Deno.removeSync(c, { recursive: true });
      Deno.exit(130);
    });
  }
  const root = (await git(Deno.cwd(), "rev-parse", "--show-toplevel")).trim();
  const files = (await git(root, "ls-files")).split("\n").filter((f) => f !== "");
  const seed = Number(flag("seed") ?? 22);
  const perMember = Number(flag("per-member") ?? 16);
  const limit = flag("limit") === undefined ? Infinity : Number(flag("limit"));
  const only = flag("only");
  const jobs = Number(flag("jobs") ?? 2);
  if (only !== undefined && !MEMBERS.includes(only)) {
    console.error(`--only must be one of ${MEMBERS.join(", ")}; got ${only}`);
    Deno.exit(2);
  }
  const sources = new Map<string, string>();
  for (const f of files) {
    if (f.endsWith(".ts") && memberOf(f) !== undefined) {
      try {
        sources.set(f, await Deno.readTextFile(`${root}/${f}`));
      } catch { /* tracked but deleted */ }
    }
  }
  const kernel = new Map([...sources].filter(([f]) => isKernelFile(f)));
  // the selection is made over all members so --only/--limit pick a subset of the full list
  let mutants = selectMutants(kernel, { seed, perMember });
  if (only !== undefined) mutants = mutants.filter((m) => m.member === only);
  const ids = flag("ids")?.split(",").map(Number);
  if (ids !== undefined) mutants = mutants.filter((m) => ids.includes(m.id));
  mutants = mutants.slice(0, limit);
  if (Deno.args.includes("--list")) {
    for (const m of mutants) {
      console.log(
        `#${m.id} ${m.file}:${m.line}:${m.col} ${m.op} ${JSON.stringify(m.from)} -> ${
          JSON.stringify(m.to)
        }  | ${m.source}`,
      );
    }
    Deno.exit(0);
  }
  const partial = only !== undefined || limit !== Infinity || ids !== undefined;
  const out = flag("out") ??
    (partial ? `${root}/.scratch/mutation-partial` : `${root}/docs/results/mutation`);
  const equivalents: Equivalent[] = JSON.parse(
    await Deno.readTextFile(`${root}/bench/mutation_equivalent.json`),
  );
  // the commit the copies are taken from (tracked files with uncommitted changes are noted)
  const head = (await git(root, "rev-parse", "--short", "HEAD")).trim();
  const dirty = (await git(root, "status", "--porcelain", "--untracked-files=no")).trim() !== "";
  const commit = dirty ? `${head} + uncommitted changes` : head;
  const load0 = Deno.loadavg()[0].toFixed(1);
  const t0 = performance.now();
  const { results, baselines, baselineCpu } = await runMutants(root, files, sources, mutants, {
    jobs,
    minTimeoutMs: 60_000,
    timeoutFactor: 3,
    equivalents,
    log: (l) => console.log(l),
  });
  const seconds = (performance.now() - t0) / 1000;
  const command = ["deno task mutation", ...Deno.args].join(" ");
  const load = `${load0} / ${Deno.loadavg()[0].toFixed(1)}`;
  const cpu = baselineCpu + results.reduce((a, r) => a + r.cpu, 0);
  const report: MutationReport = {
    seed,
    perMember,
    command,
    commit,
    seconds,
    cpu,
    load,
    score: score(results),
    baselines,
    results,
  };
  // the markdown is a function of the JSON alone (re-rendered by tests/docs_drift_test.ts)
  const md = mutationMarkdown(report);
  await Deno.mkdir(out.slice(0, out.lastIndexOf("/")), { recursive: true });
  await Deno.writeTextFile(`${out}.md`, md);
  await Deno.writeTextFile(`${out}.json`, JSON.stringify(report, null, 1) + "\n");
  const s = score(results);
  console.log(
    `${(100 * s.score).toFixed(1)} % | ${s.killed} killed | ${s.timeout} timeout | ${
      s.survived + s.noTests
    } survived | ${s.equivalent} equivalent | ${seconds.toFixed(0)} s -> ${out}.md`,
  );
}
