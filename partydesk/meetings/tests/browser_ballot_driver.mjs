// Test driver: reads {"election": <raw election text>, "credential": ..., "plaintext": [[...]]}
// on stdin and writes the ballot made by meetings/static/meetings/belenios-ballot.js.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// Node 19+ has WebCrypto as the global `crypto`, as browsers do; Debian's Node 18 has it
// only as node:crypto's webcrypto.
globalThis.crypto ??= (await import("node:crypto")).webcrypto;

const here = dirname(fileURLToPath(import.meta.url));
const module = join(here, "..", "static", "meetings", "belenios-ballot.js");
const { generateBallot } = await import(pathToFileURL(module).href);
const input = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(await generateBallot(input.election, input.credential, input.plaintext));
