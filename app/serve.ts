/**
 * The HTTP handler over every registered engine, for `deno serve` and Deno Deploy: its default
 * export is `{ fetch }`. To embed one engine only, use `makeHandler([cli])` from
 * `@neuroplastic/app/handler` with that engine's `cli`.
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

/**
 * The default handler: every registered engine, default limits.
 *
 * @example
 * ```ts ignore
 * import handler from "@neuroplastic/app/serve";
 * const res = await handler.fetch(new Request("http://x/health"));
 * ```
 */
const handler: { fetch: (req: Request) => Promise<Response> } = makeHandler(engines);
export default handler;
