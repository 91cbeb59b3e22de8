// When the network goes. Registers the site's service worker (/sw.js: it keeps only the
// static shell and shows a calm page offline), and keeps a form on the screen, with
// every word typed, when it cannot be sent: offline, the form is not sent at all; should
// the network drop while sending, the worker answers "204 No Content" (the page stays)
// and tells this page. Either way the form says it was not sent. Pages work without it.
(function () {
  "use strict";
  var NOT_SENT = "You seem to be offline, so this was not sent. Everything you wrote is " +
    "still here: send it again when you are back online.";
  var script = document.currentScript;
  var sending = null;

  function place(form, submitter) {
    // Just above the part of the form holding the button pressed, inside the page's
    // main part; a form elsewhere (Log out, in the header) says so at the top of it.
    var main = document.getElementById("main");
    if (!main || !main.contains(form)) {
      return { parent: main || document.body, before: main ? main.firstChild : null };
    }
    var part = submitter && form.contains(submitter) ? submitter : null;
    while (part && part.parentNode !== form) {
      part = part.parentNode;
    }
    return { parent: form, before: part || form.firstChild };
  }

  function say(form, submitter) {
    var box = document.querySelector(".not-sent");
    if (box) {
      box.parentNode.removeChild(box);
    }
    box = document.createElement("div");
    box.className = "messages not-sent";
    box.setAttribute("role", "alert");
    var where = place(form, submitter);
    where.parent.insertBefore(box, where.before);
    var words = document.createElement("p");
    words.className = "message";
    words.textContent = NOT_SENT;
    box.appendChild(words);
    box.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      return;  // another script sends this form its own way
    }
    var form = event.target;
    sending = { form: form, submitter: event.submitter || null };
    if (navigator.onLine === false) {
      event.preventDefault();
      say(form, sending.submitter);
    }
  });

  if (!("serviceWorker" in navigator) || !script || !script.dataset.worker) {
    return;
  }
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "not-sent" && sending) {
      say(sending.form, sending.submitter);
    }
  });
  navigator.serviceWorker.startMessages();
  navigator.serviceWorker.register(script.dataset.worker, { scope: "/" }).catch(function () {
    // No worker (a private window, a browser that refuses): pages work as before.
  });
})();
