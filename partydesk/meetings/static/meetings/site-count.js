// partydesk meetings: a site host's count through the lean route (meetings/live.py,
// docs/decisions/0024 "The sites' counts, served lean"). The form carries the host's token
// and the count; this script sends it asking for JSON and shows the answer (recorded, or
// why not) in the form's status line without leaving the page. Without JavaScript the form
// posts itself and the route answers with a redirect back to this page.
(() => {
  "use strict";

  if (!window.fetch) return;
  document.querySelectorAll("form[data-site-count]").forEach((form) => {
    const status = form.querySelector("[data-site-count-status]");
    const button = form.querySelector("button[type=submit]");
    const show = (text, error) => {
      status.textContent = text;
      status.className = error ? "error" : "muted";
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      button.disabled = true;
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new URLSearchParams(new FormData(form)),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const data = await response.json();
        show(response.ok ? data.message : data.error, !response.ok);
      } catch (_error) {
        show(form.getAttribute("data-unsent"), true);
      } finally {
        button.disabled = false;
      }
    });
  });
})();
