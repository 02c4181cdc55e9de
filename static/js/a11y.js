/* Reading aids: 字号 大/中/小 and 高对比度, remembered in localStorage.
 *
 * Loaded (not deferred) in <head> so that a saved choice is applied to <html> before the first
 * paint; the buttons (templates/includes/reading_aids.html) are wired up once the page is
 * parsed, and stay hidden where this script does not run. No inline code: the CSP forbids it.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var FONT_KEY = "shidian.fontSize";
  var CONTRAST_KEY = "shidian.highContrast";
  var SIZES = ["small", "medium", "large"];

  function read(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function write(key, value) {
    try {
      if (value === null) { window.localStorage.removeItem(key); }
      else { window.localStorage.setItem(key, value); }
    } catch (e) { /* private mode or storage disabled: the choice lasts for this page */ }
  }

  var font = read(FONT_KEY);
  if (SIZES.indexOf(font) < 0) { font = "medium"; }
  var contrast = read(CONTRAST_KEY) === "on";

  function apply() {
    root.classList.toggle("sd-font-large", font === "large");
    root.classList.toggle("sd-font-small", font === "small");
    root.classList.toggle("sd-contrast", contrast);
  }

  function sync() {
    document.querySelectorAll("[data-sd-aids]").forEach(function (group) { group.hidden = false; });
    document.querySelectorAll("[data-sd-font]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-sd-font") === font));
    });
    document.querySelectorAll("[data-sd-contrast]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(contrast));
    });
  }

  // Lets the CSS show the phone menu open when scripts do not run (no collapse toggle then).
  root.classList.add("sd-js");
  apply();

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-sd-font], [data-sd-contrast]");
    if (!button) { return; }
    if (button.hasAttribute("data-sd-font")) {
      var size = button.getAttribute("data-sd-font");
      if (SIZES.indexOf(size) < 0) { return; }
      font = size;
      write(FONT_KEY, font === "medium" ? null : font);
    } else {
      contrast = !contrast;
      write(CONTRAST_KEY, contrast ? "on" : null);
    }
    apply();
    sync();
  });

  // Another tab changed the setting.
  window.addEventListener("storage", function (event) {
    if (event.key !== FONT_KEY && event.key !== CONTRAST_KEY) { return; }
    font = read(FONT_KEY);
    if (SIZES.indexOf(font) < 0) { font = "medium"; }
    contrast = read(CONTRAST_KEY) === "on";
    apply();
    sync();
  });

  document.addEventListener("DOMContentLoaded", sync);
  document.addEventListener("htmx:afterSettle", sync);
})();
