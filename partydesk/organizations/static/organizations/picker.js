/* Tree picker: filter as one types (accents and case ignored, đ = d), say how many are shown
   and which are chosen, move between the shown choices with the arrow keys. The list works
   without this script: it is plain checkboxes or radio buttons. */
(function () {
  "use strict";

  function fold(text) {
    return text.replace(/[đĐ]/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  function init(root) {
    if (root.dataset.pickerReady) { return; }
    root.dataset.pickerReady = "1";
    var query = root.querySelector(".picker-q");
    var count = root.querySelector(".picker-count");
    var chosen = root.querySelector(".picker-chosen");
    var items = Array.prototype.slice.call(root.querySelectorAll(".picker-item"));
    var sections = Array.prototype.slice.call(root.querySelectorAll(".picker-section"));
    query.hidden = false;

    function shownInputs() {
      return items.filter(function (li) { return !li.hidden; })
        .map(function (li) { return li.querySelector("input"); });
    }

    function filter() {
      var words = fold(query.value).split(" ").filter(Boolean);
      var shown = 0;
      var bySection = {};
      items.forEach(function (li) {
        var ok = words.every(function (w) { return li.dataset.search.indexOf(w) !== -1; });
        li.hidden = !ok;
        if (ok) { shown += 1; bySection[li.dataset.section] = true; }
      });
      sections.forEach(function (s) { s.hidden = !bySection[s.textContent.trim()]; });
      count.textContent = words.length ? root.dataset.found.replace("__N__", shown) : "";
    }

    function summarize() {
      var names = items.filter(function (li) { return li.querySelector("input").checked; })
        .map(function (li) { return li.querySelector(".picker-label").textContent.trim(); });
      chosen.textContent = names.length
        ? root.dataset.chosen.replace("__N__", names.length) + " — " + names.join("; ") : "";
    }

    query.addEventListener("input", filter);
    query.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();  // Enter here must not send the form
        var first = shownInputs()[0];
        if (first) { first.focus(); }
      }
    });
    root.addEventListener("keydown", function (event) {
      var target = event.target;
      if (!target.matches(".picker-item input") || target.type !== "checkbox") { return; }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      var inputs = shownInputs();
      var at = inputs.indexOf(target) + (event.key === "ArrowDown" ? 1 : -1);
      event.preventDefault();
      if (at < 0) { query.focus(); } else if (inputs[at]) { inputs[at].focus(); }
    });
    root.addEventListener("change", summarize);
    summarize();
  }

  function initAll(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("[data-picker]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  } else {
    initAll(document);
  }
  document.addEventListener("htmx:load", function (event) { initAll(event.target); });
})();
