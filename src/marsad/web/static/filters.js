// Filter forms: empty fields are left out of the query string; a changed <select> submits.
"use strict";
(function () {
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.addEventListener("submit", function () {
    var fields = form.ownerDocument.querySelectorAll("[form='filters'], #filters input, #filters select");
    Array.prototype.forEach.call(fields, function (field) {
      if (field.name && field.value === "") { field.disabled = true; }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("#filters select, select[form='filters']"), function (sel) {
    sel.addEventListener("change", function () {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
  });
})();
