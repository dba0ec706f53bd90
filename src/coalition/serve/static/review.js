// Keyboard shortcuts of the review queue: j/k move, c confirm, r reject, e edit, u undo.
(function () {
  "use strict";
  var facts = Array.prototype.slice.call(document.querySelectorAll("article.fact"));
  var current = 0;
  function show(i) {
    if (!facts.length) { return; }
    current = Math.max(0, Math.min(facts.length - 1, i));
    facts.forEach(function (f, n) { f.classList.toggle("current", n === current); });
    facts[current].focus({ preventScroll: true });
    facts[current].scrollIntoView({ block: "nearest" });
  }
  function submit(selector) {
    var form = facts.length ? facts[current].querySelector(selector) : null;
    if (form) { form.submit(); }
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || event.ctrlKey ||
        event.metaKey || event.altKey) { return; }
    var undo = document.getElementById("undo-form");
    switch (event.key) {
      case "j": show(current + 1); break;
      case "k": show(current - 1); break;
      case "c": submit("form.act-confirm"); break;
      case "r": submit("form.act-reject"); break;
      case "e":
        var input = facts.length ? facts[current].querySelector("form.act-edit input[name=value]") : null;
        if (input) { event.preventDefault(); input.focus(); }
        break;
      case "u": if (undo) { undo.submit(); } break;
      default: return;
    }
  });
  show(0);
}());
