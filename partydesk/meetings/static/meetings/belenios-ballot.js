// partydesk meetings: a Belenios 2.0 ballot made on the voter's device (ADR 0024,
// "Encryption on the voter's device"). Our own implementation of the ballot format of
// belenios-tool 2.0 (election version 1, finite-field group BELENIOS-2048, homomorphic
// questions without a blank choice), written from the Belenios specification; the tests
// have belenios-tool check every ballot it makes (meetings/tests/test_browser_ballot.py).
//
// generateBallot(rawElection, privateCredential, plaintext) returns the ballot as the JSON
// text belenios-tool writes: rawElection is the election's parameters exactly as on the
// record (their SHA-256 is the election's fingerprint), plaintext one array of 0/1 per
// question. Only WebCrypto is used (random numbers, SHA-256, PBKDF2), so the same file runs
// in a browser and in Node 20. Nothing here talks to the network.

const GROUPS = {
  "BELENIOS-2048": {
    p: BigInt(
      "20694785691422546401013643657505008064922989295751104097100884787057374219242717" +
        "40192223725449768433812906663313807895840496005438963628979639303877390572280360" +
        "59737494276713767776188985898727358650490811670993105358677809800307904916540637" +
        "77173764198678527273474476341835600035698305193144284561701911000786737307333564" +
        "12397173289791324047457883446826065232797464795113767265869358218004631792207366" +
        "88600526271863633860887968821207694323661494910029234443463732221458841005864210" +
        "50242120365433561201320481118852408731077014151666200162313177169372189248078507" +
        "711827842317498073276598828825169183103125680162072880719",
    ),
    q: BigInt("78571733251071885079927659812671450121821421258408794611510081919805623223441"),
    g: BigInt(
      "24023526775018522092276877035323999327122876573783649165100753187876632741463532" +
        "19320285676155269678799694668298749389095083896573425601900601068477164491735474" +
        "13728310461045868131451178164675540052740288984613986453266121505579709716201616" +
        "82703128864324566638348636357821061549184199825343151897406581868686511513585764" +
        "10138882215396016043228843603930989333662772848406593138406010231675095763777982" +
        "66510360682240663507669776402534625377308513317349519424896775405257365904949247" +
        "76314759915751987751777114814909204566002054781270547282381409725186398583341157" +
        "00568353695553423781475582491896050296680037745308460627",
    ),
  },
};

const encoder = new TextEncoder();

function modPow(base, exponent, modulus) {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    if (e > 0n) b = (b * b) % modulus;
  }
  return result;
}

function modInverse(a, modulus) {
  let [oldR, r] = [((a % modulus) + modulus) % modulus, modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) throw new Error("not invertible");
  return ((oldS % modulus) + modulus) % modulus;
}

const mod = (a, m) => ((a % m) + m) % m;

function hex(bytes) {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

function base64Unpadded(bytes) {
  let binary = "";
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/=+$/, "");
}

async function sha256(text) {
  return crypto.subtle.digest("SHA-256", encoder.encode(text));
}

// A uniform number in [0, q): 256 random bits, drawn again when not below q.
function randomBelow(q) {
  const bytes = new Uint8Array(32);
  for (;;) {
    crypto.getRandomValues(bytes);
    const x = BigInt(`0x${hex(bytes)}`);
    if (x < q) return x;
  }
}

// Belenios's hash of group elements into Z_q: SHA-256 of the prefix followed by the
// elements in decimal separated by commas, read as a hexadecimal number, modulo q.
async function hashToZq(group, prefix, elements) {
  const digest = await sha256(prefix + elements.map(String).join(","));
  return BigInt(`0x${hex(digest)}`) % group.q;
}

// The secret exponent of a private credential: PBKDF2-HMAC-SHA256 of the credential as
// typed (with its dashes), the election's uuid as salt, 1000 iterations, 32 bytes, mod q.
export async function deriveSecret(group, uuid, privateCredential) {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(privateCredential),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", salt: encoder.encode(uuid), iterations: 1000, hash: "SHA-256" },
    key,
    256,
  );
  return BigInt(`0x${hex(bits)}`) % group.q;
}

// Proof that (alpha, beta) = (g^r, y^r g^m) with m the `truth`-th of the disjuncts: the
// disjunct i states beta * d[i] = y^r. The false ones are simulated, the true one answers
// the challenge left over from the hash.
async function disjunctiveProof(group, y, d, zkp, truth, r, { alpha, beta }) {
  const { p, q, g } = group;
  const n = d.length;
  const proofs = new Array(n);
  const commitments = new Array(2 * n);
  let fakeTotal = 0n;
  for (let i = 0; i < n; i++) {
    if (i === truth) continue;
    const challenge = randomBelow(q);
    const response = randomBelow(q);
    proofs[i] = { challenge, response };
    commitments[2 * i] = (modPow(g, response, p) * modPow(alpha, challenge, p)) % p;
    commitments[2 * i + 1] =
      (modPow(y, response, p) * modPow((beta * d[i]) % p, challenge, p)) % p;
    fakeTotal += challenge;
  }
  const w = randomBelow(q);
  commitments[2 * truth] = modPow(g, w, p);
  commitments[2 * truth + 1] = modPow(y, w, p);
  const h = await hashToZq(group, `prove|${zkp}|${alpha},${beta}|`, commitments);
  const challenge = mod(h - fakeTotal, q);
  proofs[truth] = { challenge, response: mod(w - r * challenge, q) };
  return proofs;
}

function encrypt(group, y, m, r) {
  const { p, g } = group;
  return { alpha: modPow(g, r, p), beta: (modPow(y, r, p) * modPow(g, BigInt(m), p)) % p };
}

async function answer(group, y, zkp, question, kept) {
  const { p, q, g } = group;
  if (question.blank === true || (question.type !== undefined && question.type !== null)) {
    throw new Error("only questions without a blank choice are supported");
  }
  if (kept.length !== question.answers.length || kept.some((k) => k !== 0 && k !== 1)) {
    throw new Error("one 0 or 1 per answer");
  }
  const total = kept.reduce((a, b) => a + b, 0);
  if (total < question.min || total > question.max) {
    throw new Error("the number kept is outside the question's bounds");
  }
  const invG = modInverse(g, p);
  const randomness = kept.map(() => randomBelow(q));
  const choices = kept.map((m, i) => encrypt(group, y, m, randomness[i]));
  const individual = [];
  for (let i = 0; i < kept.length; i++) {
    individual.push(await disjunctiveProof(group, y, [1n, invG], zkp, kept[i], randomness[i], choices[i]));
  }
  const sum = choices.reduce(
    (acc, c) => ({ alpha: (acc.alpha * c.alpha) % p, beta: (acc.beta * c.beta) % p }),
    { alpha: 1n, beta: 1n },
  );
  const sumR = randomness.reduce((a, b) => a + b, 0n) % q;
  // d[i] = g^-(min + i): the disjunct i states that min + i names are kept.
  const d = [];
  let current = modInverse(modPow(g, BigInt(question.min), p), p);
  for (let i = 0; i <= question.max - question.min; i++) {
    d.push(current);
    current = (current * invG) % p;
  }
  const stringified = choices.map((c) => `${c.alpha},${c.beta}`).join(",");
  const overall = await disjunctiveProof(
    group, y, d, `${zkp}|${stringified}`, total - question.min, sumR, sum,
  );
  return { choices, individual_proofs: individual, overall_proof: overall };
}

const proofJson = ({ challenge, response }) => ({
  challenge: String(challenge),
  response: String(response),
});

function answerJson(a) {
  return {
    choices: a.choices.map((c) => ({ alpha: String(c.alpha), beta: String(c.beta) })),
    individual_proofs: a.individual_proofs.map((proofs) => proofs.map(proofJson)),
    overall_proof: a.overall_proof.map(proofJson),
  };
}

export async function generateBallot(rawElection, privateCredential, plaintext) {
  const election = JSON.parse(rawElection);
  if (election.version !== 1) throw new Error("only Belenios elections of version 1");
  const group = GROUPS[election.group];
  if (!group) throw new Error(`unknown group ${election.group}`);
  const { p, q, g } = group;
  const y = BigInt(election.public_key);
  if (plaintext.length !== election.questions.length) {
    throw new Error("one choice list per question");
  }
  const fingerprint = base64Unpadded(await sha256(rawElection));
  const secret = await deriveSecret(group, election.uuid, privateCredential.trim());
  const credential = modPow(g, secret, p);
  const zkp = `${fingerprint}|${credential}`;
  const answers = [];
  for (let i = 0; i < plaintext.length; i++) {
    answers.push(answerJson(await answer(group, y, zkp, election.questions[i], plaintext[i])));
  }
  const unsigned = {
    election_uuid: election.uuid,
    election_hash: fingerprint,
    credential: String(credential),
    answers,
  };
  const hash = base64Unpadded(await sha256(JSON.stringify(unsigned)));
  const w = randomBelow(q);
  const challenge = await hashToZq(group, `sig|${hash}|`, [modPow(g, w, p)]);
  const response = mod(w - secret * challenge, q);
  return JSON.stringify({ ...unsigned, signature: { hash, proof: proofJson({ challenge, response }) } });
}
