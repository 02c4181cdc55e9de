/* 遴选报送: move rows up and down, and tick or untick them, without a round trip.
 *
 * The page works without this script: the up/down buttons are submit buttons that the server
 * applies and saves. With it, a move happens in place, the 排序 numbers of the ticked rows are
 * renumbered 1, 2, 3 … in the order shown, focus stays on the button pressed, a screen reader
 * hears what happened, and the page says that the change is not saved yet (保存排序 saves it).
 *
 * Also: a live character count under long texts (<p data-count-for="textarea id">).
 * No inline code: the CSP forbids it. Wording comes from the page (data-format attributes),
 * so that it follows the page's language.
 */
(function () {
  "use strict";

  function format(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function isPicked(row) {
    var box = row.querySelector("input[name='pick']");
    return Boolean(box && box.checked);
  }

  function rowsOf(tbody) {
    return Array.prototype.slice.call(tbody.querySelectorAll("tr[data-row]"));
  }

  function pickedRows(tbody) {
    return rowsOf(tbody).filter(isPicked);
  }

  function refresh(tbody) {
    var picked = pickedRows(tbody);
    rowsOf(tbody).forEach(function (row) {
      var on = isPicked(row);
      var position = picked.indexOf(row);
      var rank = row.querySelector("input.sd-rank");
      if (rank) { rank.value = on ? String(position + 1) : ""; }
      row.classList.toggle("sd-unpicked", !on);
      var up = row.querySelector("[data-move='up']");
      var down = row.querySelector("[data-move='down']");
      if (up) { up.disabled = !on || position === 0; }
      if (down) { down.disabled = !on || position === picked.length - 1; }
    });
    var section = tbody.closest("section");
    var quota = section && section.querySelector("[data-quota]");
    if (quota) {
      var limit = quota.getAttribute("data-quota");
      var over = limit !== "" && picked.length > Number(limit);
      var text = format(quota.getAttribute("data-format"), { n: picked.length });
      if (over) { text += quota.getAttribute("data-over") || ""; }
      quota.textContent = text;
      quota.classList.toggle("sd-quota--over", over);
    }
  }

  function init(form) {
    var unsaved = form.querySelector("[data-unsaved]");
    var live = form.querySelector("[data-announce]");

    function changed(message) {
      if (unsaved) { unsaved.hidden = false; }
      if (live && message) {
        live.textContent = "";
        window.setTimeout(function () { live.textContent = message; }, 50);
      }
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-move]");
      if (!button || !form.contains(button)) { return; }
      event.preventDefault();
      var row = button.closest("tr");
      var tbody = row.parentNode;
      var picked = pickedRows(tbody);
      var index = picked.indexOf(row);
      var up = button.getAttribute("data-move") === "up";
      var other = picked[up ? index - 1 : index + 1];
      if (index < 0 || !other) { return; }
      tbody.insertBefore(row, up ? other : other.nextSibling);
      refresh(tbody);
      var target = button.disabled
        ? row.querySelector("[data-move='" + (up ? "down" : "up") + "']")
        : button;
      if (target && !target.disabled) { target.focus(); }
      changed(format(form.getAttribute("data-moved"), {
        name: row.getAttribute("data-name"),
        n: pickedRows(tbody).indexOf(row) + 1
      }));
    });

    form.addEventListener("change", function (event) {
      var target = event.target;
      var row = target.closest("tr[data-row]");
      if (!row) { return; }
      if (target.name === "pick") {
        var tbody = row.parentNode;
        var others = pickedRows(tbody).filter(function (r) { return r !== row; });
        var last = others[others.length - 1];
        // The ticked rows stay together at the top, in their order.
        tbody.insertBefore(row, last ? last.nextSibling : tbody.firstChild);
        refresh(tbody);
        target.focus();
        changed(format(form.getAttribute(target.checked ? "data-picked" : "data-unpicked"), {
          name: row.getAttribute("data-name"),
          n: pickedRows(tbody).indexOf(row) + 1
        }));
      } else if (target.classList.contains("sd-rank")) {
        changed("");
      }
    });
  }

  function counter(output) {
    var field = document.getElementById(output.getAttribute("data-count-for"));
    if (!field) { return; }
    var max = field.getAttribute("maxlength") || field.getAttribute("data-maxlength");
    function update() {
      output.textContent = format(output.getAttribute("data-format") || "{n} / {max}", {
        n: field.value.length,
        max: max || ""
      });
    }
    field.addEventListener("input", update);
    update();
  }

  function start() {
    document.querySelectorAll("form[data-ranking]").forEach(init);
    document.querySelectorAll("[data-count-for]").forEach(counter);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
