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

// Two small things every page may need, in this one file to spare a request per page.
//
// After a mistake, the focus goes to the summary of what needs another look
// (includes/form_errors.html: data-error-summary, tabindex -1), whose links lead to each
// field. Its autofocus does this in browsers since 2023; this line, in older ones.
//
// The check-in's sections (<details data-remember="name">) open as the person last left
// them, on this device: localStorage holds "open" or "closed" under the section's name
// alone (never the day, never anything written), and only when the person opens or
// closes one themselves. A section holding a mistake is never closed. Without this
// script, or with storage refused, the server's defaults apply.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  var PREFIX = "section-open:";
  function kept(name) {
    try { return window.localStorage.getItem(PREFIX + name); } catch (e) { return null; }
  }
  function keep(name, open) {
    try { window.localStorage.setItem(PREFIX + name, open ? "open" : "closed"); } catch (e) { }
  }
  var sections = document.querySelectorAll("details[data-remember]");
  Array.prototype.forEach.call(sections, function (section) {
    var state = kept(section.getAttribute("data-remember"));
    if (state === "open") {
      section.open = true;
    } else if (state === "closed" && !section.querySelector(".field-invalid")) {
      section.open = false;
    }
  });
  // A click on a section's own summary (Enter and Space on it are clicks too): what it
  // was set to is read once the browser has opened or closed it. A script that opens a
  // section (a test measuring the page) is not the person's choice, and is not kept.
  document.addEventListener("click", function (event) {
    var clicked = event.target.closest ? event.target.closest("summary") : null;
    var section = clicked ? clicked.parentElement : null;
    if (!section || !section.matches("details[data-remember]")) { return; }
    window.setTimeout(function () {
      keep(section.getAttribute("data-remember"), section.open);
    }, 0);
  });
})();
