// Request form: tell the partner when an automatic save could not reach the server.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("step-form");
  if (!form) return;
  const status = document.getElementById("autosave-status");
  const show = (message) => {
    if (!status) return;
    status.textContent = "";
    const span = document.createElement("span");
    span.className = "text-danger";
    span.textContent = message;
    status.appendChild(span);
  };
  form.addEventListener("htmx:sendError", () => show(form.dataset.offlineMessage));
  form.addEventListener("htmx:responseError", () => show(form.dataset.errorMessage));
});
