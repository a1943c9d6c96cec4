/**
 * `deno task demo`: a seeded showcase of every engine, with a progress display
 * on stderr, a printed summary and a self-contained HTML report on disk.
 *
 * ```
 * deno task demo [--seed N] [--out dir] [--only walk,sorn] [--quiet]
 * ```
 *
 * @module
 */
import { parseArgs, progressReporter } from "@neuroplastic/core/sim";
import {
  formatValue,
  renderReport,
  type ReportSection,
  type Showcase,
} from "@neuroplastic/core/chart";
import { engines } from "./registry.ts";

/** The demo's showcases: every registered engine's, in registry order. */
const showcases: readonly Showcase[] = engines.flatMap((e) => (e.showcase ? [e.showcase] : []));

if (import.meta.main) {
  const { flags } = parseArgs(Deno.args);
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (!Number.isInteger(seed) || seed < 0) {
    console.error(`demo: --seed must be a non-negative integer, got ${flags.seed}`);
    Deno.exit(2);
  }
  const outDir = typeof flags.out === "string" ? flags.out : "out/demo";
  const only = typeof flags.only === "string" ? flags.only.split(",") : undefined;
  const chosen = showcases.filter((s) => !only || only.includes(s.name));
  Deno.mkdirSync(outDir, { recursive: true });
  const sections: ReportSection[] = [];
  const summary: Record<string, unknown> = {};
  const t0 = performance.now();
  // a terminal gets one bar per phase redrawn in place; a pipe or a log, plain lines
  const tty = Deno.stderr.isTerminal();
  const enc = new TextEncoder();
  for (const [i, sc] of chosen.entries()) {
    console.error(`[${i + 1}/${chosen.length}] ${sc.title}`);
    const progress = progressReporter({
      label: `  ${sc.name}`,
      tty,
      write: (l) =>
        flags.quiet ? undefined : tty ? Deno.stderr.writeSync(enc.encode(l)) : console.error(l),
    });
    const r = await sc.run({ seed, progress });
    sections.push(...r.sections);
    summary[sc.name] = r.figures;
    console.log(`\n== ${sc.title}`);
    for (const [k, v] of Object.entries(r.figures)) {
      console.log(`  ${k.padEnd(22)} ${formatValue(v)}`);
    }
  }
  const html = renderReport({
    title: "neuroplastic demo",
    subtitle: `seed ${seed} · ${new Date().toISOString().slice(0, 10)} · ${
      ((performance.now() - t0) / 1000).toFixed(1)
    } s`,
    sections,
  });
  Deno.writeTextFileSync(`${outDir}/report.html`, html);
  Deno.writeTextFileSync(`${outDir}/summary.json`, JSON.stringify(summary, null, 2) + "\n");
  console.log(`\nreport: ${outDir}/report.html`);
}
