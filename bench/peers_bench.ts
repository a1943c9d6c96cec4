/**
 * The peers section of `deno task bench`: when `deno bench` loads this module it runs
 * `bench/peers.ts --quick` once in a child process and prints its tables, so every workload of
 * `deno task bench:peers` is measured against its peer (NumPy, PyTorch) in the same run, with
 * the targets of issue 20 marked met or missed. The quick mode takes fewer repetitions and shorter
 * runs than `deno task bench:peers` (the figures in docs/results/peers.md come from the full
 * mode). Nothing is written. It registers no `Deno.bench` case: Deno's harness calls a case
 * until its time budget is spent (three 36 s calls here), and the peers script times itself.
 *
 * Set `NP_BENCH_NO_PEERS=1` to leave the section out (for example while timing the other cases).
 *
 * @module
 */

if (Deno.env.get("NP_BENCH_NO_PEERS") !== "1") {
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./peers.ts", import.meta.url).pathname, "--quick"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  console.log(
    `\npeers (bench/peers.ts --quick, ${((performance.now() - t0) / 1000).toFixed(1)} s):`,
  );
  console.log(text.slice(text.indexOf("| workload")));
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}
