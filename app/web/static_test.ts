import assert from "node:assert/strict";
import { makeHandler } from "../handler.ts";
import { cli as walk } from "@neuroplastic/engines/walk";

Deno.test("handler: the playground folder is served at / and /<file>; nothing else changes", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "np-web-" });
  try {
    Deno.writeTextFileSync(`${dir}/index.html`, "<!doctype html><title>p</title>");
    Deno.writeTextFileSync(`${dir}/main.js`, "console.log(1)");
    Deno.writeTextFileSync(`${dir}/notes.txt`, "not served (unknown type)");
    Deno.mkdirSync(`${dir}/sub`);
    Deno.writeTextFileSync(`${dir}/sub/x.js`, "nested, not served");
    const { fetch } = makeHandler([walk], { web: dir });
    const get = (path: string, method = "GET") => fetch(new Request(`http://x${path}`, { method }));
    const root = await get("/");
    assert.equal(root.status, 200);
    assert.match(root.headers.get("content-type")!, /^text\/html/);
    assert.equal(await root.text(), "<!doctype html><title>p</title>");
    const js = await get("/main.js");
    assert.match(js.headers.get("content-type")!, /^text\/javascript/);
    assert.equal(await js.text(), "console.log(1)");
    for (const p of ["/notes.txt", "/sub/x.js", "/..%2Fetc%2Fpasswd", "/missing.js"]) {
      const r = await get(p);
      assert.equal(r.status, 404, p);
      await r.body?.cancel();
    }
    const post = await get("/", "POST");
    assert.equal(post.status, 405);
    await post.body?.cancel();
    assert.equal((await (await get("/health")).json()).ok, true);
    const run = await fetch(
      new Request("http://x/v1/walk/run", { method: "POST", body: '{"steps":3}' }),
    );
    assert.equal((await run.json()).steps, 3);
    // without `web`, / stays a 404, as before
    const off = await makeHandler([walk]).fetch(new Request("http://x/"));
    assert.equal(off.status, 404);
    await off.body?.cancel();
    // a folder without index.html is refused when the handler is built, naming the field
    Deno.removeSync(`${dir}/index.html`);
    assert.throws(() => makeHandler([walk], { web: dir }), /web: .*no index\.html/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
