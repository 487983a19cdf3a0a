// partydesk contests: the taker's answers through the lean endpoint (docs/decisions/0026).
// The page marks the sheet with data-live-answers="<endpoint>" and gives the attempt's
// signed token, the sequence number stored for each slot and the texts to show. Each
// change takes the slot's next number and waits a moment (DEBOUNCE) so that answers given
// in a row go together; one request at a time carries every answer not yet acknowledged,
// and each is kept (here and in localStorage, so a reload or a crash resends it) until the
// server acknowledges its number. A network error or a 5xx retries with growing waits, 429
// waits as told, 409 (handed in, or time is up) stops and says so. Without JS the sheet's
// forms post one answer each (HTMX, or the plain form's button): this module takes the
// change before htmx sees it, so an answer never travels both ways.
(() => {
  "use strict";

  const DEBOUNCE = 400;
  const FIRST_RETRY = 1000;
  const LAST_RETRY = 15000;
  const BATCH = 50; // answers a request at most (the server takes up to 200)

  const root = document.querySelector("[data-live-answers]");
  if (!root || !window.fetch) return;
  const url = root.getAttribute("data-live-answers");
  const token = root.getAttribute("data-token");
  const texts = JSON.parse(root.getAttribute("data-texts"));
  const stored = JSON.parse(root.getAttribute("data-seqs")); // slot -> seq on the server
  const storeKey = "partydesk.contests.answers." + root.getAttribute("data-attempt");
  const status = document.querySelector("[data-live-status]");
  const pending = new Map(); // slot -> {slot, chosen, seq}, until acknowledged
  const seqs = new Map(Object.entries(stored).map(([slot, seq]) => [Number(slot), seq]));
  let inFlight = false;
  let timer = 0;
  let wait = 0;
  let closed = false;
  let waiters = []; // callbacks for when nothing is left to send (the hand-in)

  const keep = () => {
    try {
      if (pending.size) localStorage.setItem(storeKey, JSON.stringify(Array.from(pending.values())));
      else localStorage.removeItem(storeKey);
    } catch (_error) { /* private mode or full: the page still holds them */ }
  };

  const formOf = (slot) => {
    const mark = document.getElementById("saved-" + slot);
    return mark && root.contains(mark) ? mark.closest("form") : null;
  };
  const slotOf = (form) => {
    const mark = form.querySelector("[id^='saved-']");
    return mark ? Number(mark.id.slice("saved-".length)) : NaN;
  };
  const chosenIn = (form) => Array.from(form.querySelectorAll("input[name=chosen]:checked"))
    .map((input) => Number(input.value));

  const mark = (slot, text, error) => {
    const target = document.getElementById("saved-" + slot);
    if (!target) return;
    const span = document.createElement("span");
    span.className = error ? "error" : "muted";
    span.textContent = text;
    target.replaceChildren(span);
  };

  const show = (text, tone) => {
    if (!status) return;
    status.hidden = false;
    status.className = "live-status live-status-" + tone;
    status.textContent = text;
  };

  const showClosed = () => {
    if (!status) return;
    show(texts.closed + " ", "error");
    const link = document.createElement("a");
    link.href = root.getAttribute("data-result");
    link.textContent = texts.result;
    status.append(link);
  };

  const settle = () => {
    if (pending.size === 0 && !inFlight) {
      if (!closed) show(texts.all_saved, "ok");
      const done = waiters;
      waiters = [];
      done.forEach((callback) => callback(true));
    }
  };

  const schedule = (delay) => {
    clearTimeout(timer);
    timer = setTimeout(send, delay);
  };

  const failed = (text) => {
    pending.forEach((answer) => mark(answer.slot, text, true));
    show(texts.unsaved.replace("{count}", String(pending.size)), "warn");
    wait = wait ? Math.min(LAST_RETRY, wait * 2) : FIRST_RETRY;
    schedule(wait + Math.floor(Math.random() * 250));
    const stuck = waiters;
    waiters = [];
    stuck.forEach((callback) => callback(false));
  };

  const acknowledged = (saved) => {
    const now = new Date();
    const time = [now.getHours(), now.getMinutes(), now.getSeconds()]
      .map((n) => String(n).padStart(2, "0")).join(":");
    saved.forEach(([slot, seq]) => {
      const held = pending.get(slot);
      if (held && held.seq <= seq) {
        pending.delete(slot);
        mark(slot, texts.saved_at.replace("{time}", time), false);
      }
    });
    keep();
  };

  const stop = (data) => {
    closed = true;
    pending.clear();
    keep();
    root.querySelectorAll("input, textarea, button").forEach((input) => { input.disabled = true; });
    showClosed();
    if (data && data.error) root.setAttribute("data-closed", data.error);
  };

  function send() {
    clearTimeout(timer);
    if (inFlight || closed || pending.size === 0) return;
    const batch = Array.from(pending.values()).slice(0, BATCH);
    inFlight = true;
    show(texts.saving, "saving");
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token, answers: batch }),
      credentials: "omit", // the token is the credential: no cookie, no session work
      cache: "no-store",
    }).then((response) => response.json().catch(() => ({})).then((data) => {
      inFlight = false;
      if (response.ok) {
        wait = 0;
        acknowledged(data.saved || []);
        if (pending.size) schedule(0);
      } else if (response.status === 409) {
        stop(data);
      } else if (response.status === 429) {
        const after = Number(response.headers.get("Retry-After")) || 5;
        wait = 0;
        pending.forEach((answer) => mark(answer.slot, texts.later, false));
        schedule(after * 1000);
      } else if (response.status >= 500) {
        failed(texts.offline);
        return;
      } else {
        // 400, 403, 413: this batch can never be saved as it is; say so and drop it.
        batch.forEach((answer) => {
          if (pending.get(answer.slot) === answer) pending.delete(answer.slot);
          mark(answer.slot, data.error || texts.refused, true);
        });
        keep();
        if (pending.size) schedule(0);
      }
      settle();
    }), () => {
      inFlight = false;
      failed(texts.offline);
    });
  }

  const record = (form) => {
    const slot = slotOf(form);
    if (Number.isNaN(slot) || closed) return;
    const seq = (seqs.get(slot) ?? 0) + 1; // a form's save without a number was stored as its own
    seqs.set(slot, seq);
    pending.set(slot, { slot, chosen: chosenIn(form), seq });
    keep();
    mark(slot, texts.not_yet, false);
    show(texts.saving, "saving");
    schedule(DEBOUNCE);
  };

  // Captured on the sheet, so htmx's listener on each form never sees the change.
  root.addEventListener("change", (event) => {
    const form = event.target.closest && event.target.closest("form");
    if (!form || !root.contains(form)) return;
    event.stopPropagation();
    record(form);
  }, true);
  root.addEventListener("submit", (event) => {
    event.preventDefault();
    event.stopPropagation();
    record(event.target);
  }, true);

  // Answers kept from an earlier visit that the server does not hold yet: on the page
  // again, and sent.
  try {
    const kept = JSON.parse(localStorage.getItem(storeKey) || "[]");
    kept.forEach((answer) => {
      const form = formOf(answer.slot);
      if (!form || answer.seq <= (seqs.get(answer.slot) ?? -1)) return;
      form.querySelectorAll("input[name=chosen]").forEach((input) => {
        input.checked = answer.chosen.includes(Number(input.value));
      });
      seqs.set(answer.slot, answer.seq);
      pending.set(answer.slot, answer);
      mark(answer.slot, texts.not_yet, false);
    });
  } catch (_error) { /* nothing usable kept */ }
  keep();
  if (pending.size) send();

  window.addEventListener("online", () => { wait = 0; send(); });
  // Leaving the page (a reload, the countdown's end): what is still pending goes as a
  // beacon; it stays in localStorage too, and a second arrival changes nothing.
  window.addEventListener("pagehide", () => {
    if (pending.size && !closed && navigator.sendBeacon) {
      navigator.sendBeacon(url, JSON.stringify({ token, answers: Array.from(pending.values()).slice(0, BATCH) }));
    }
  });

  // Handing in: the answers still pending go first.
  const handIn = document.querySelector("form[data-live-flush]");
  if (handIn) {
    handIn.addEventListener("submit", (event) => {
      if (closed || (pending.size === 0 && !inFlight)) return; // on to the confirmation
      event.preventDefault();
      event.stopPropagation();
      const submitter = event.submitter || undefined;
      waiters.push((ok) => {
        if (!ok) {
          show(texts.hand_in_blocked, "warn");
          return;
        }
        if (typeof handIn.requestSubmit === "function") handIn.requestSubmit(submitter);
        else handIn.submit();
      });
      send();
    });
  }
})();
