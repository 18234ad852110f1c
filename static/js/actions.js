// Actions workspace: confirmation of irreversible steps, copy-friendly feed addresses.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  document.querySelectorAll("input[readonly][id$='feed-url']").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
