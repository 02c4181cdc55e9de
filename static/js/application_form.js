/* The application form (applications/templates/applications/application_edit.html).
 *
 * - Autosave: a few seconds after typing stops, and on leaving a changed field, the form is
 *   posted to its data-autosave-url with _edited_at = the time of the last keystroke. The
 *   server keeps the newer edit; when another window saved a newer one it says so, and this
 *   window stops autosaving and shows the banner (reload, or keep this page's content).
 * - A copy of what was typed and not yet saved stays in localStorage, and is sent again when
 *   the connection returns (or the page is opened again).
 * - A live character count under each long text with a limit.
 * - On a phone, the sections without errors start folded.
 * Without JavaScript the form works as a plain form (保存 posts it).
 */
(function () {
  "use strict";

  var form = document.getElementById("sd-app-form");
  if (!form || !window.fetch) return;

  var url = form.dataset.autosaveUrl;
  var storageKey = form.dataset.storageKey;
  var serverEditedAt = Date.parse(form.dataset.serverEditedAt || "") || 0;
  var editedAtInput = form.querySelector(".sd-edited-at");
  var statusEl = document.getElementById("sd-autosave-status");
  var banner = document.getElementById("sd-conflict");
  var IDLE_MS = 2500;

  var lastEdit = null; // Date of the last keystroke not yet saved
  var timer = null;
  var inFlight = false;
  var again = false;
  var paused = false;
  var submitting = false;
  var heldSubmit = null; // a submission waiting for the autosave in flight to finish

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) return meta.content;
    var field = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (field) return field.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name.charAt(0) !== "_" && el.name !== "csrfmiddlewaretoken" &&
        el.type !== "file" && el.type !== "submit" && el.type !== "button";
    });
  }

  function values() {
    var out = {};
    fields().forEach(function (el) { out[el.name] = el.value; });
    return out;
  }

  function setStatus(text, kind) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.className = "sd-autosave" + (kind ? " sd-autosave--" + kind : "");
  }

  function hhmm(date) {
    var p = function (n) { return (n < 10 ? "0" : "") + n; };
    return p(date.getHours()) + ":" + p(date.getMinutes());
  }

  // ---- the unsent copy ------------------------------------------------------------------
  function keep() {
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        values: values(), editedAt: lastEdit ? lastEdit.toISOString() : null
      }));
    } catch (e) { /* storage full or disabled: autosave still works */ }
  }

  function readCopy() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { return null; }
  }

  function dropCopy(upTo) {
    var copy = readCopy();
    if (!copy) return;
    // Only what was sent: a keystroke made while the request was out stays kept.
    if (!upTo || !copy.editedAt || Date.parse(copy.editedAt) <= upTo.getTime()) {
      try { localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
    }
  }

  // ---- saving ---------------------------------------------------------------------------
  function save() {
    clearTimeout(timer);
    timer = null;
    if (paused || submitting || !lastEdit) return;
    if (inFlight) { again = true; return; }
    var sentEdit = lastEdit;
    var body = new URLSearchParams();
    var current = values();
    Object.keys(current).forEach(function (name) { body.append(name, current[name]); });
    body.append("_edited_at", sentEdit.toISOString());
    inFlight = true;
    setStatus("正在保存…");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var data = result.data || {};
      if (data.saved) {
        if (lastEdit === sentEdit) lastEdit = null;
        dropCopy(sentEdit);
        setStatus(data.message || ("已自动保存 " + hhmm(new Date())), "saved");
      } else if (data.conflict) {
        dropCopy(null);
        lastEdit = null;
        pause(data.message || "另一个窗口保存了更新的内容");
      } else {
        pause(data.message || "未能自动保存");
      }
    }).catch(function () {
      // Offline, the session ended, or the server failed: keep the copy and try again later.
      setStatus("未能自动保存（网络中断？），内容已暂存在本机，恢复连接后自动重发", "problem");
    }).then(function () {
      inFlight = false;
      if (heldSubmit) {
        var submitter = heldSubmit.submitter;
        heldSubmit = null;
        resubmit(submitter);
      } else if (again) {
        again = false;
        schedule(200);
      }
    });
  }

  function pause(message) {
    paused = true;
    setStatus(message, "problem");
    if (banner && /另一个窗口/.test(message)) banner.hidden = false;
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(save, ms);
  }

  function edited() {
    lastEdit = new Date();
    if (editedAtInput) editedAtInput.value = lastEdit.toISOString();
    keep();
    if (!paused) {
      setStatus("有未保存的修改");
      schedule(IDLE_MS);
    }
  }

  form.addEventListener("input", function (event) {
    var el = event.target;
    if (!el.name || el.name.charAt(0) === "_" || el.type === "file") return;
    count(el);
    edited();
  });
  form.addEventListener("change", function (event) {
    // A date or a choice changes without typing; leaving a typed field saves at once (after
    // a moment: the field may have been left by clicking 保存, which saves it anyway).
    var el = event.target;
    if (!el.name || el.name.charAt(0) === "_" || el.type === "file") return;
    if (!lastEdit) edited();
    schedule(300);
  });
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (inFlight) {
      // One save at a time: post the form once the autosave under way has answered.
      event.preventDefault();
      heldSubmit = { submitter: event.submitter || null };
      return;
    }
    submitting = true;
  });

  function resubmit(submitter) {
    submitting = true;
    if (form.requestSubmit) {
      form.requestSubmit(submitter || undefined);
      return;
    }
    if (submitter && submitter.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = submitter.name;
      hidden.value = submitter.value;
      form.appendChild(hidden);
    }
    form.submit();
  }
  window.addEventListener("online", function () { if (lastEdit || readCopy()) { restoreTime(); save(); } });
  window.addEventListener("pagehide", function () {
    // Leaving with an unsaved edit: one last try (the copy stays for the next visit anyway).
    if (submitting || paused || !lastEdit || !navigator.sendBeacon) return;
    var data = new FormData();
    var current = values();
    Object.keys(current).forEach(function (name) { data.append(name, current[name]); });
    data.append("_edited_at", lastEdit.toISOString());
    data.append("csrfmiddlewaretoken", csrfToken());
    navigator.sendBeacon(url, data);
  });

  function restoreTime() {
    if (lastEdit) return;
    var copy = readCopy();
    if (copy && copy.editedAt) lastEdit = new Date(copy.editedAt);
  }

  // ---- character counts ------------------------------------------------------------------
  function count(el) {
    var counter = document.getElementById(el.id + "_count");
    if (!counter) return;
    var max = parseInt(counter.dataset.max, 10) || 0;
    var n = el.value.length;
    var num = counter.querySelector(".sd-chars-n");
    if (num) num.textContent = n;
    counter.classList.toggle("sd-chars--near", max > 0 && n >= max * 0.9 && n <= max);
    counter.classList.toggle("sd-chars--over", max > 0 && n > max);
  }

  // ---- on load ---------------------------------------------------------------------------
  // An unsent copy newer than what the server has: put it back and send it.
  var copy = readCopy();
  if (copy && copy.values && copy.editedAt && Date.parse(copy.editedAt) > serverEditedAt) {
    fields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(copy.values, el.name)) el.value = copy.values[el.name];
    });
    lastEdit = new Date(copy.editedAt);
    if (editedAtInput) editedAtInput.value = copy.editedAt;
    setStatus("已恢复本机暂存、尚未保存的内容，正在保存…");
    schedule(300);
  } else if (copy) {
    dropCopy(null);
  }
  Array.prototype.forEach.call(form.querySelectorAll("textarea"), count);

  // Sections fold on a phone: those without errors start closed, except the first.
  if (window.matchMedia && window.matchMedia("(max-width: 575.98px)").matches) {
    var parts = form.querySelectorAll("details.sd-part");
    Array.prototype.forEach.call(parts, function (part, i) {
      if (i > 0 && !part.hasAttribute("data-has-errors") && location.hash.slice(1) !== part.id) {
        part.open = false;
      }
    });
  }
  // A link to a field (from the error summary or the submission page) opens its section.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var part = target.closest("details");
    if (part && !part.open) part.open = true;
    if (target.focus && target !== part) target.focus();
  }
  window.addEventListener("hashchange", reveal);
  reveal();
  var summary = document.getElementById("form-errors");
  if (summary && !location.hash) summary.focus();
})();
