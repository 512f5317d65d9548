/* Backline — small progressive enhancement. Everything works without it. */
(function () {
  "use strict";

  // (a) Gallery: clicking a thumbnail swaps the main image instead of navigating.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".gallery-thumbs a") : null;
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var gallery = link.closest(".gallery") || document;
    var main = gallery.querySelector(".gallery-main img");
    if (!main) return;
    event.preventDefault();
    main.src = link.getAttribute("href");
    var thumb = link.querySelector("img");
    if (thumb && thumb.alt) main.alt = thumb.alt;
    var links = gallery.querySelectorAll(".gallery-thumbs a");
    for (var i = 0; i < links.length; i++) links[i].removeAttribute("aria-current");
    link.setAttribute("aria-current", "true");
  });

  // (b) Forms with data-confirm ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.matches && form.matches("form[data-confirm]")) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    }
  }, true);

  // (c) Selects with data-autosubmit submit their form on change.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select && select.matches && select.matches("select[data-autosubmit]") && select.form) {
      if (select.form.requestSubmit) select.form.requestSubmit();
      else select.form.submit();
    }
  });

  // (d) On small screens, start with the filter panel collapsed (it is rendered open).
  if (window.matchMedia && window.matchMedia("(max-width: 799px)").matches) {
    var toggles = document.querySelectorAll("details.filters-toggle[open]");
    for (var j = 0; j < toggles.length; j++) toggles[j].removeAttribute("open");
  }
})();
