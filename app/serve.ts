/**
 * The HTTP handler over every registered engine, for `deno serve` and Deno Deploy: its default
 * export is `{ fetch }`. To embed one engine only, use `makeHandler([cli])` from
 * `@neuroplastic/app/handler` with that engine's `cli`. When the playground has been built
 * (`deno task web:build` → `out/web/`), it is served at `/`.
 *
 * ```sh
 * deno serve -A --host 127.0.0.1 app/serve.ts
 * ```
 *
 * @module
 */
import { makeHandler } from "./handler.ts";
import { engines } from "./registry.ts";

export { defaultLimits, type HandlerLimits, makeHandler, resolveLimits } from "./handler.ts";

/** `out/web` when the playground has been built there (relative to the working folder). */
const builtWeb = (): string | undefined => {
  try {
    return Deno.statSync("out/web/index.html").isFile ? "out/web" : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The default handler: every registered engine, default limits, and the playground at `/` when
 * `out/web/` holds its build.
 *
 * @example
 * ```ts ignore
 * import handler from "@neuroplastic/app/serve";
 * const res = await handler.fetch(new Request("http://x/health"));
 * ```
 */
const handler: { fetch: (req: Request) => Promise<Response> } = makeHandler(engines, {
  ...(builtWeb() ? { web: builtWeb() } : {}),
});
export default handler;
