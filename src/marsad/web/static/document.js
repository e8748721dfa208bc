// The article page: clicking (or Enter on) a highlighted span shows its card and the cards of
// the spans around it; checkboxes switch highlighting of a kind on and off.
"use strict";
(function () {
  var text = document.getElementById("text");
  var panel = document.getElementById("panel");
  if (!text || !panel) { return; }
  var hint = document.getElementById("hint");

  function select(el) {
    var chain = [];
    for (var node = el; node && node !== text; node = node.parentElement) {
      if (node.dataset && node.dataset.card) { chain.push(node.dataset.card); }
    }
    Array.prototype.forEach.call(panel.querySelectorAll(".card"), function (card) { card.hidden = true; });
    Array.prototype.forEach.call(text.querySelectorAll(".selected"), function (n) { n.classList.remove("selected"); });
    chain.slice().reverse().forEach(function (id) {  // innermost ends up first
      var card = document.getElementById(id);
      if (card) { card.hidden = false; panel.insertBefore(card, hint ? hint.nextElementSibling : panel.firstElementChild); }
    });
    if (chain.length) {
      Array.prototype.forEach.call(text.querySelectorAll("[data-card='" + chain[0] + "']"), function (n) {
        n.classList.add("selected");
      });
      if (hint) { hint.hidden = true; }
    }
  }

  text.addEventListener("click", function (e) {
    var el = e.target.closest("[data-card]");
    if (el && text.contains(el)) { select(el); }
  });
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") {
      var el = e.target.closest("[data-card]");
      if (el) { e.preventDefault(); select(el); }
    }
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest("a.jump");
    if (!link) { return; }
    var el = document.getElementById(link.dataset.jump);
    if (el) { e.preventDefault(); el.scrollIntoView({block: "center"}); el.focus(); select(el); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-toggle]"), function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("off-" + box.dataset.toggle, !box.checked);
    });
  });
  var hash = window.location.hash.slice(1);
  if (hash) {
    var target = document.getElementById(hash);
    if (target && target.dataset && target.dataset.card) { select(target); target.scrollIntoView({block: "center"}); }
  }
})();
