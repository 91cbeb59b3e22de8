// Copy, share and print for a code or a link (the invitation page, the recovery code
// page). Without this file the buttons stay hidden and the page still works: the text is
// selectable, the download is a plain link and the browser's own print uses the same
// print styles. Each button names what it acts on by id, in a data- attribute:
//   data-copy="<id>"   copies that element's text (an input's value)
//   data-share="<id>"  opens the system's share sheet with it, where there is one
//                      (data-share-text: the words to send with it); else copies it
//   data-print         prints the page (site.css shows only the code when printing)
// What happened is said in the page's polite live region, #copy-status.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");

  function say(words) {
    if (!status) { return; }
    // Emptied first, so that saying "Copied" twice is heard twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = words; }, 100);
  }

  function textOf(element) {
    return ("value" in element ? element.value : element.textContent).trim();
  }

  function select(element) {
    if (element.select) {
      element.focus();
      element.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Without the clipboard API (a page served over plain http on a home network), the
  // older copy command on a selection; failing that, the text is left selected.
  function copyBySelecting(element) {
    select(element);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    say(copied ? "Copied." : "Selected: copy it with your device's copy command.");
  }

  function copy(element) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(textOf(element)).then(
        function () { say("Copied."); },
        function () { copyBySelecting(element); }
      );
    } else {
      copyBySelecting(element);
    }
  }

  function share(button, element) {
    var data = { url: textOf(element) };
    if (button.dataset.shareText) { data.text = button.dataset.shareText; }
    navigator.share(data).then(
      function () { say("Shared."); },
      function (error) {
        // Closing the share sheet is a choice, not a failure: nothing to do.
        if (error && error.name === "AbortError") { return; }
        copy(element);
      }
    );
  }

  var buttons = document.querySelectorAll("[data-copy], [data-share], [data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    if (button.hasAttribute("data-print")) {
      if (typeof window.print !== "function") { return; }
      button.addEventListener("click", function () { window.print(); });
      button.hidden = false;
      return;
    }
    var sharing = button.hasAttribute("data-share");
    var element = document.getElementById(sharing ? button.dataset.share : button.dataset.copy);
    if (!element) { return; }
    if (sharing) {
      // Only where the browser has a share sheet: elsewhere the copy button does it all.
      if (typeof navigator.share !== "function") { return; }
      button.addEventListener("click", function () { share(button, element); });
    } else {
      button.addEventListener("click", function () { copy(element); });
    }
    button.hidden = false;
  });
})();
