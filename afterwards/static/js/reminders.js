// Reminders in this browser: subscribe through a service worker and send the
// subscription to the server. Same origin only; the page works without this file.
(function () {
  "use strict";
  var box = document.getElementById("push");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)) {
    return;
  }
  var form = document.querySelector("form.reminders");
  var status = document.getElementById("push-status");
  box.hidden = false;

  function key(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function send(subscription) {
    var data = subscription.toJSON();
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("endpoint", data.endpoint);
    body.append("p256dh", data.keys.p256dh);
    body.append("auth", data.keys.auth);
    return fetch(box.dataset.post, { method: "POST", body: body, credentials: "same-origin" });
  }

  document.getElementById("push-allow").addEventListener("click", function () {
    status.textContent = "Asking this browser…";
    navigator.serviceWorker
      .register(box.dataset.worker)
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: key(box.dataset.key),
        });
      })
      .then(send)
      .then(function (response) {
        status.textContent = response.ok
          ? "This browser will show your reminders."
          : "The server could not keep this browser. E-mail still works.";
      })
      .catch(function () {
        status.textContent = "This browser did not allow reminders. You can allow them in its settings.";
      });
  });
})();
