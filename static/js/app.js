// partydesk: the little plain JS the pages need (no inline scripts: the CSP forbids them).
// Every behaviour is a data-* hook, so pages work without JS and gain comfort with it:
//   data-nav-toggle / data-nav-close   phone navigation drawer
//   data-menu (on <details>)           closes on Escape and outside click
//   data-autosubmit                     submit the form when the field changes
//   data-confirm="Question?"            ask in a dialog before submitting (form or submit button)
//     data-confirm-label="Delete"       label of the confirming button
//     data-confirm-tone="danger"        red confirming button
//   data-dismiss                        hide the enclosing .message
//   data-js-hide                        hidden when JS runs (e.g. a no-JS "Switch" button)
//   .table-wrap that scrolls sideways   becomes a focusable, named region
//   data-countdown="seconds"            counts down m:ss; reloads the page at 0 (the server
//                                       hands the attempt in by its own clock)
//   data-replace-url="address"          the page answered a form's POST: the address bar (and
//                                       a reload) take the page's own address instead
//   data-offline="message" (htmx form)  an answer not sent for want of a connection says so
//                                       and is sent again once the connection is back
(() => {
  "use strict";

  function setupNav() {
    const toggle = document.querySelector("[data-nav-toggle]");
    const nav = document.getElementById("sidenav");
    const backdrop = document.querySelector(".nav-backdrop");
    if (!toggle || !nav) return;
    const setOpen = (open) => {
      nav.classList.toggle("open", open);
      document.body.classList.toggle("nav-open", open);
      toggle.setAttribute("aria-expanded", String(open));
      if (backdrop) backdrop.hidden = !open;
      if (open) {
        const first = nav.querySelector("a");
        if (first) first.focus();
      }
    };
    toggle.addEventListener("click", () => setOpen(!nav.classList.contains("open")));
    document.querySelectorAll("[data-nav-close]").forEach((el) => {
      el.addEventListener("click", () => {
        setOpen(false);
        toggle.focus();
      });
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && nav.classList.contains("open")) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  function setupMenus() {
    // Delegated, so menus that htmx swaps in later (the bell) behave the same.
    const menus = () => Array.from(document.querySelectorAll("details[data-menu]"));
    document.addEventListener("toggle", (event) => {
      const menu = event.target;
      if (!(menu instanceof HTMLDetailsElement) || !menu.hasAttribute("data-menu") || !menu.open) return;
      menus().forEach((other) => { if (other !== menu) other.open = false; });
    }, true); // "toggle" does not bubble: listen while it is captured
    document.addEventListener("click", (event) => {
      menus().forEach((menu) => { if (menu.open && !menu.contains(event.target)) menu.open = false; });
    });
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      menus().forEach((menu) => {
        if (menu.open) {
          menu.open = false;
          const summary = menu.querySelector("summary");
          if (summary) summary.focus();
        }
      });
    });
  }

  function setupConfirm() {
    const dialog = document.getElementById("confirm-dialog");
    const canUseDialog = dialog && typeof dialog.showModal === "function";
    let pending = null; // {form, submitter}

    const ask = (message, source, onConfirm) => {
      if (!canUseDialog) {
        if (window.confirm(message)) onConfirm();
        return;
      }
      const ok = dialog.querySelector("[data-confirm-ok]");
      dialog.querySelector("[data-confirm-message]").textContent = message;
      ok.textContent = source.getAttribute("data-confirm-label") || ok.getAttribute("data-default-label");
      ok.classList.toggle("danger-solid", source.getAttribute("data-confirm-tone") === "danger");
      dialog.returnValue = "";
      dialog.showModal();
      dialog.querySelector("[data-confirm-cancel]").focus();
      dialog.addEventListener("close", function onClose() {
        dialog.removeEventListener("close", onClose);
        if (dialog.returnValue === "ok") onConfirm();
      });
    };

    document.addEventListener("submit", (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.method === "dialog") return;
      const submitter = event.submitter || null;
      const source = submitter && submitter.hasAttribute("data-confirm") ? submitter
        : form.hasAttribute("data-confirm") ? form : null;
      if (!source) return;
      if (pending && pending.form === form) { pending = null; return; } // confirmed: let it go
      event.preventDefault();
      ask(source.getAttribute("data-confirm"), source, () => {
        pending = { form };
        if (typeof form.requestSubmit === "function") form.requestSubmit(submitter || undefined);
        else form.submit();
      });
    });

    // htmx elements with hx-confirm="Question?" use the same dialog instead of window.confirm.
    document.addEventListener("htmx:confirm", (event) => {
      const question = event.detail && event.detail.question;
      if (!question) return;
      event.preventDefault();
      ask(question, event.detail.elt, () => event.detail.issueRequest(true));
    });
  }

  function setupSmallHooks() {
    document.querySelectorAll("[data-js-hide]").forEach((el) => { el.hidden = true; });
    const submit = (form) => {
      if (typeof form.requestSubmit === "function") form.requestSubmit();
      else form.submit();
    };
    const browsingKeys = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];
    document.querySelectorAll("[data-autosubmit]").forEach((el) => {
      // Arrow keys change a closed <select> one option at a time: submitting on each would
      // jump pages under a keyboard user. Then wait for Enter, and show the form's button.
      let byKeyboard = false;
      el.addEventListener("keydown", (event) => {
        if (browsingKeys.includes(event.key)) {
          byKeyboard = true;
          if (el.form) el.form.querySelectorAll("[data-js-hide]").forEach((b) => { b.hidden = false; });
        } else if (event.key === "Enter" && el.form) {
          event.preventDefault();
          submit(el.form);
        }
      });
      el.addEventListener("change", () => {
        if (el.form && !byKeyboard) submit(el.form);
      });
    });
    document.addEventListener("click", (event) => {
      const button = event.target.closest && event.target.closest("[data-dismiss]");
      if (!button) return;
      const box = button.closest(".message");
      if (box) box.remove();
    });
  }

  // A table wider than its box scrolls sideways: keyboard users must be able to reach and
  // scroll it (WCAG 2.1.1, axe "scrollable-region-focusable"), so it becomes a named, focusable
  // region; one that fits is left out of the tab order.
  function setupScrollRegions() {
    const mark = () => {
      document.querySelectorAll(".table-wrap").forEach((wrap) => {
        if (wrap.scrollWidth > wrap.clientWidth + 1) {
          wrap.tabIndex = 0;
          wrap.setAttribute("role", "region");
          if (!wrap.hasAttribute("aria-label")) {
            const section = wrap.closest("section, .card");
            const heading = wrap.querySelector("caption") || (section && section.querySelector("h2, h3"));
            wrap.setAttribute("aria-label", heading ? heading.textContent.trim() : document.title);
          }
        } else if (wrap.getAttribute("role") === "region") {
          wrap.removeAttribute("tabindex");
          wrap.removeAttribute("role");
        }
      });
    };
    mark();
    let pending = 0;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(mark);
    });
    document.body.addEventListener("htmx:afterSettle", mark);
  }

  function setupReplaceUrl() {
    const el = document.querySelector("[data-replace-url]");
    if (el && window.history.replaceState) {
      window.history.replaceState(null, "", el.getAttribute("data-replace-url"));
    }
  }

  function setupCountdown() {
    document.querySelectorAll("[data-countdown]").forEach((el) => {
      const end = Date.now() + parseInt(el.getAttribute("data-countdown"), 10) * 1000;
      const tick = () => {
        const left = Math.max(0, Math.round((end - Date.now()) / 1000));
        el.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
        if (left === 0) {
          window.location.reload();
          return;
        }
        setTimeout(tick, 1000);
      };
      tick();
    });
  }

  function setupOfflineRetry() {
    const unsent = new Set();
    const resend = () => {
      if (!window.htmx || !navigator.onLine) return;
      unsent.forEach((form) => window.htmx.trigger(form, "change"));
    };
    document.body.addEventListener("htmx:sendError", (event) => {
      const form = event.detail.elt && event.detail.elt.closest("form[data-offline]");
      if (!form) return;
      unsent.add(form);
      const target = document.querySelector(form.getAttribute("hx-target"));
      if (target) target.textContent = form.getAttribute("data-offline");
    });
    document.body.addEventListener("htmx:afterRequest", (event) => {
      const form = event.detail.elt && event.detail.elt.closest("form[data-offline]");
      if (form && event.detail.xhr && event.detail.xhr.status > 0) unsent.delete(form);
    });
    window.addEventListener("online", resend);
    setInterval(resend, 15000);
  }

  const start = () => {
    document.documentElement.classList.add("js");
    setupNav();
    setupMenus();
    setupConfirm();
    setupSmallHooks();
    setupScrollRegions();
    setupReplaceUrl();
    setupCountdown();
    setupOfflineRetry();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
