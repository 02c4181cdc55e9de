/* The notice page's 打印 button (portal/notice_detail.html). An external file: the CSP allows
 * no inline code. The button is shown, with the 字号 buttons, by static/js/a11y.js. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-sd-print]");
    if (!button) { return; }
    event.preventDefault();
    window.print();
  });
})();
