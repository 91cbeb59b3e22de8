// Quick exit: leave for a neutral page in one move, without leaving this page in the
// back history. The link works without JavaScript; this makes it replace the page
// and adds the Shift-three-times shortcut.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  var target = link.getAttribute("data-exit-url") || link.href;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.title = "";
    document.body.innerHTML = "";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);

  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1200; });
    presses.push(now);
    if (presses.length >= 3) { leave(null); }
  });
})();
