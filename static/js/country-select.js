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
    // The visible input carries the label of the original select for screen readers.
    const label = document.querySelector(`label[for="${select.id}"]`);
    if (label && widget.control_input) {
      label.htmlFor = widget.control_input.id || (widget.control_input.id = select.id + "-ts-control");
    }
  });
});
