/**
 * A Deno KV queue consumer loop, shared by the sweep consumers (app/sweep.ts) and the LNDP member
 * consumers (app/lndp_kv.ts): listen on the queue at a path, hand every message to a handler, and
 * re-open the database when idle. Deno's SQLite KV re-queues messages of a crashed consumer when
 * their 5 s deadline has passed, at open time or by a cleanup that runs about every 60 s; an idle
 * consumer that re-opens every `reopenMs` (default 7 s) sees them sooner. The database is never
 * closed under a handler that is still running (its result would not be written).
 *
 * @module
 */

/** Options of {@link consumeKvQueue}. */
export interface KvConsumerOptions {
  /** Re-open the database after this many idle ms (default 7,000). */
  readonly reopenMs?: number;
  /** Called each time the database is (re-)opened, before listening (e.g. to announce readiness). */
  readonly onOpen?: (kv: Deno.Kv) => Promise<unknown>;
}

/**
 * Consumes the KV queue at `path` (undefined: the default database) until the promise that
 * `stop(kv)` returns for the current handle resolves; every message goes to `handle`.
 *
 * @example
 * ```ts ignore
 * await consumeKvQueue("q.sqlite3", async (kv, msg) => console.log(msg), () => new Promise(() => {}));
 * ```
 */
export const consumeKvQueue = async (
  path: string | undefined,
  handle: (kv: Deno.Kv, msg: unknown) => Promise<unknown>,
  stop: (kv: Deno.Kv) => Promise<unknown>,
  opts: KvConsumerOptions = {},
): Promise<void> => {
  const reopenMs = opts.reopenMs ?? 7_000;
  let stopped = false;
  let lastWork = Date.now();
  while (!stopped) {
    const kv = await Deno.openKv(path);
    await opts.onOpen?.(kv);
    let inFlight = 0;
    const listening = kv.listenQueue(async (m) => {
      inFlight++;
      lastWork = Date.now();
      try {
        await handle(kv, m);
      } finally {
        inFlight--;
        lastWork = Date.now();
      }
    });
    let stopNow = false;
    stop(kv).then(() => (stopNow = true));
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (inFlight > 0) return;
        if (stopNow || Date.now() - lastWork > reopenMs) {
          clearInterval(t);
          resolve();
        }
      }, 100);
    });
    kv.close();
    await listening.catch(() => {});
    stopped = stopNow;
    lastWork = Date.now();
  }
};

/**
 * Runs a KV operation again while the local (SQLite) backend answers "database is locked", which
 * it does when several processes write the same file at once; waits 10, 20, 40 … ms (at most
 * `maxMs` in all, default 10 s), then lets the error through. Other errors are not retried.
 *
 * @example
 * ```ts ignore
 * await whenUnlocked(() => kv.atomic().set(["k"], 1).commit());
 * ```
 */
export const whenUnlocked = async <T>(op: () => Promise<T>, maxMs = 10_000): Promise<T> => {
  let wait = 10, waited = 0;
  while (true) {
    try {
      return await op();
    } catch (e) {
      if (!String(e).includes("database is locked") || waited >= maxMs) throw e;
      await new Promise((r) => setTimeout(r, wait));
      waited += wait;
      wait = Math.min(wait * 2, 500);
    }
  }
};
