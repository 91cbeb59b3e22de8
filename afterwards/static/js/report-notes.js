// The report's notes list: "Choose all notes" and "Choose none" tick the boxes at once,
// here on the page. Without this file they are submit buttons, and the server sends the
// form back with every note ticked or none (report/views.py, _notes_chosen).
(function () {
  "use strict";
  var choose = document.querySelector(".notes-choose");
  if (!choose) { return; }
  var list = choose.closest("fieldset");
  var status = document.getElementById("notes-status");

  function say(words) {
    if (!status) { return; }
    // Emptied first, so that the same words twice are heard twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = words; }, 100);
  }

  choose.addEventListener("click", function (event) {
    var button = event.target.closest("[data-notes]");
    if (!button) { return; }
    event.preventDefault();
    var every = button.dataset.notes === "all";
    var boxes = list.querySelectorAll("input[type=checkbox][name=notes]");
    Array.prototype.forEach.call(boxes, function (box) { box.checked = every; });
    say(every ? "All " + boxes.length + " notes chosen." : "No note chosen.");
  });
})();
