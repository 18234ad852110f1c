// Accessibility fixes for widgets Django's admin builds in the browser: the autocomplete boxes
// (select2) get the name of their field's label, and the filter widgets' help icons a role that
// allows their aria-label.
(function () {
  "use strict";

  function fix() {
    document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const label = document.querySelector(`label[for="${select.id}"]`);
      const container = select.nextElementSibling;
      if (!label || !container) return;
      const name = label.textContent.replace(/:\s*$/, "").trim();
      if (!label.id) label.id = select.id + "-label";
      container.querySelectorAll("[role=combobox]").forEach((box) => {
        // aria-labelledby wins over aria-label: put the field's label first in it.
        const ids = (box.getAttribute("aria-labelledby") || "").split(" ").filter((id) => id && id !== label.id);
        box.setAttribute("aria-labelledby", [label.id, ...ids].join(" "));
      });
      container.querySelectorAll("[role=textbox]").forEach((box) => {
        if (!box.getAttribute("aria-label")) box.setAttribute("aria-label", name);
      });
    });
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach((icon) => icon.setAttribute("role", "img"));
  }

  window.addEventListener("load", () => window.setTimeout(fix, 0));
  document.addEventListener("formset:added", () => window.setTimeout(fix, 0));
})();
