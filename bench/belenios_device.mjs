// Bench driver (bench/meetings_ballots.py): makes ballots with the file the vote page serves,
// meetings/static/meetings/belenios-ballot.js, as a voter's device does. Reads
// {"election": <raw election text>, "ballots": [{"credential": ..., "plaintext": [[...]]}]}
// on stdin and writes {"ballots": [...], "ms": [...]}: each ballot and how long it took.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

globalThis.crypto ??= (await import("node:crypto")).webcrypto;

const here = dirname(fileURLToPath(import.meta.url));
const module = join(here, "..", "partydesk", "meetings", "static", "meetings", "belenios-ballot.js");
const { generateBallot } = await import(pathToFileURL(module).href);
const input = JSON.parse(readFileSync(0, "utf8"));
const ballots = [];
const ms = [];
for (const { credential, plaintext } of input.ballots) {
  const t0 = performance.now();
  ballots.push(await generateBallot(input.election, credential, plaintext));
  ms.push(performance.now() - t0);
}
process.stdout.write(JSON.stringify({ ballots, ms }));
