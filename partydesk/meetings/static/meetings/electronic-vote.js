// partydesk meetings: the vote page of an electronic secret ballot encrypts on the voter's
// device (ADR 0024, "Encryption on the voter's device"). On submit it reads the ticked
// names and the credential, makes the Belenios ballot with belenios-ballot.js and posts
// only that ballot through the page's second, hidden form: the credential and the choice
// never leave the device. Without JavaScript, or without BigInt or WebCrypto (a page not
// served over HTTPS), nothing here runs and the form posts to the server, which encrypts
// and says so.
const form = document.querySelector("form[data-device-ballot]");
const send = document.querySelector("form[data-device-send]");
const data = document.getElementById("belenios-election");
const able = typeof BigInt === "function" && window.crypto && window.crypto.subtle;

if (form && send && data && able) {
  const params = JSON.parse(data.textContent);
  const status = form.querySelector("[data-device-status]");
  const button = form.querySelector("button[type=submit]");
  document.querySelector("[data-server-note]").hidden = true;
  document.querySelector("[data-device-note]").hidden = false;
  const say = (text, error) => {
    status.textContent = text;
    status.className = error ? "error" : "muted";
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const kept = new Set(
      Array.from(form.querySelectorAll("input[name=kept]:checked"), (box) => Number(box.value)),
    );
    if (kept.size > Number(form.dataset.max)) return say(form.dataset.tooMany, true);
    if (kept.size < Number(form.dataset.min)) return say(form.dataset.tooFew, true);
    const credential = form.querySelector("input[name=credential]").value.trim();
    const plaintext = [params.candidates.map((id) => (kept.has(id) ? 1 : 0))];
    button.disabled = true;
    say(form.dataset.working, false);
    try {
      const { generateBallot } = await import(form.dataset.module);
      send.querySelector("input[name=ballot]").value = await generateBallot(
        params.election,
        credential,
        plaintext,
      );
      send.submit();
    } catch (_error) {
      say(form.dataset.failed, true);
      button.disabled = false;
    }
  });
}
