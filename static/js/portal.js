// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    const button = select.form.querySelector(".js-hide");
    if (button) button.classList.add("js-hidden");
    select.addEventListener("change", () => select.form.submit());
  });
  stackTables(document);
  document.body.addEventListener("htmx:afterSwap", (event) => stackTables(event.target));
  document.querySelectorAll("form[data-filters]").forEach(collapseFilters);
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});

// Phones: below the md breakpoint a table's rows become stacked cards (CSS .table-stack), each cell
// labelled with its column's heading, so a row's main information and its buttons fit in 390 px.
function stackTables(root) {
  root.querySelectorAll("table.table:not(.table-keep):not(.calendar-month)").forEach((table) => {
    const headings = Array.from(table.querySelectorAll("thead tr:last-child th")).map((th) => th.textContent.trim());
    table.classList.add("table-stack");
    table.querySelectorAll("tbody tr").forEach((row) => {
      let column = 0;
      Array.from(row.children).forEach((cell) => {
        if (headings[column] && !cell.dataset.label) cell.dataset.label = headings[column];
        column += cell.colSpan || 1;
      });
    });
  });
}

// Phones: filters fold behind a "Filters" button that says how many are in use.
function collapseFilters(form) {
  const labels = document.body.dataset;
  const active = Array.from(form.elements).filter((field) => {
    if (!field.name || field.type === "hidden" || field.type === "submit" || field.name === "page") return false;
    if (field.type === "checkbox" || field.type === "radio") return field.checked;
    if (field.multiple) return Array.from(field.selectedOptions).length > 0;
    // A single choice counts when it is not the list's first entry ("Any ...", or the default).
    if (field.tagName === "SELECT") return field.selectedIndex > 0;
    return field.value !== "";
  }).length;
  if (!form.id) form.id = "filters-" + Math.random().toString(36).slice(2, 8);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-outline-secondary btn-sm mb-2 d-md-none filters-toggle";
  button.setAttribute("aria-controls", form.id);
  button.setAttribute("aria-expanded", "false");
  button.textContent = labels.labelFilters + (active ? " (" + labels.labelActive.replace("{n}", active) + ")" : "");
  form.classList.add("filters-closed");
  button.addEventListener("click", () => {
    const open = form.classList.toggle("filters-closed") === false;
    button.setAttribute("aria-expanded", String(open));
  });
  form.parentNode.insertBefore(button, form);
}
