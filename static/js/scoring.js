/* The expert's scoring page: a running total while the expert types.
 *
 * Each score input carries its criterion's weight and maximum (data-weight, data-max); the
 * total is Σ score × weight over the scores that are valid so far (0 to the maximum, in steps
 * of 0.5), shown as "合计 72.5 / 100" (the wording comes from the page: data-format, so that
 * it follows the page's language). The server computes the same total when it renders the
 * page, so the page reads right without this script. An invalid score is marked as such.
 *
 * Also: leaving the page with unsaved changes asks first. No inline code: the CSP forbids it.
 */
(function () {
  "use strict";

  function format(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  // 72.5, 100, 7.25: at most two decimals, no trailing zeros.
  function plain(number) {
    return String(Math.round(number * 100) / 100);
  }

  function parse(input) {
    var text = (input.value || "").trim();
    if (text === "") { return null; }
    var value = Number(text);
    return isFinite(value) ? value : NaN;
  }

  function isValid(value, max) {
    return !isNaN(value) && value >= 0 && value <= max && Math.round(value * 2) === value * 2;
  }

  function init(form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-weight]"));
    var total = form.querySelector("[data-total]");
    var count = form.querySelector("[data-scored]");
    var dirty = false;

    function update() {
      var sum = 0;
      var scored = 0;
      inputs.forEach(function (input) {
        var value = parse(input);
        var max = Number(input.getAttribute("data-max"));
        // The browser reports typed text it cannot read as a number as an empty value.
        var unreadable = value === null && input.validity && input.validity.badInput;
        var bad = unreadable || (value !== null && !isValid(value, max));
        input.classList.toggle("is-invalid", Boolean(bad));
        if (bad) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
        if (value !== null && !bad) {
          sum += value * Number(input.getAttribute("data-weight"));
          scored += 1;
        }
      });
      if (total) {
        total.textContent = format(total.getAttribute("data-format"), {
          total: plain(sum),
          max: total.getAttribute("data-max")
        });
      }
      if (count) {
        count.textContent = format(count.getAttribute("data-format"), { n: scored, m: inputs.length });
      }
    }

    form.addEventListener("input", function (event) {
      dirty = true;
      if (event.target.hasAttribute && event.target.hasAttribute("data-weight")) { update(); }
    });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) { return; }
      event.preventDefault();
      event.returnValue = form.getAttribute("data-unsaved-warning") || "";
    });
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-scoring]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
