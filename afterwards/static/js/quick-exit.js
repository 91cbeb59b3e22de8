// Quick exit: leave for a neutral page in one move. The link works without JavaScript:
// /quick-exit/ ends the session and sends the browser on to the host's neutral site.
// This script makes it replace the current page, so that the page is not in the back
// history, blanks the page at once, and adds the shortcut: Shift pressed three times.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.title = "";
    document.body.innerHTML = "";
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);

  // Three presses of Shift alone, within 1.2 seconds. Any other key in between starts
  // the count again, so that typing capital letters in a note never leaves the page.
  var presses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    if (event.repeat) { return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1200; });
    presses.push(now);
    if (presses.length >= 3) { leave(null); }
  });

  // A page brought back from the browser's back-forward cache is asked for again, so
  // that the server (which marks every page no-store) decides what Back shows.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });
})();
