/**
 * `np` restricted to the LNDP engine, usable before the engine is in `app/registry.ts`:
 *   deno run -A bench/lndp_np.ts lndp train --task cartpole --generations 5 --popsize 32 --workers 2
 */
import { main } from "../app/cli.ts";
import { cli } from "@neuroplastic/engines/lndp";

const code = await main(Deno.args, (s) => console.log(s), (s) => console.error(s), [cli]);
Deno.exit(code);
