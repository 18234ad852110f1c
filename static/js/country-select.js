// The request form's country choice: a searchable multi-select (Tom Select) showing the chosen partner
// countries as removable chips. Without JavaScript the plain multiple select still works.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.TomSelect) return;
  document.querySelectorAll("select[data-country-select]").forEach((select) => {
    const widget = new window.TomSelect(select, {
      plugins: { remove_button: { title: select.dataset.removeLabel || "×" } },
      maxOptions: null,
      hideSelected: true,
      closeAfterSelect: true,
      placeholder: select.dataset.placeholder,
      render: {
        no_results: () => {
          const div = document.createElement("div");
          div.className = "no-results";
          div.textContent = select.dataset.noResults;
          return div;
        },
      },
    });
    // The original select stays in the page (hidden, for the form): it keeps its name for assistive
    // technology, and the visible search box gets the same one.
    const label = document.querySelector(`label[for="${select.id}"]`) ||
      document.querySelector(`label[for="${select.id}-ts-control"]`);
    if (label) {
      const name = label.textContent.trim();
      select.setAttribute("aria-label", name);
      if (widget.control_input && !widget.control_input.getAttribute("aria-label")) {
        widget.control_input.setAttribute("aria-label", name);
      }
    }
  });
});
