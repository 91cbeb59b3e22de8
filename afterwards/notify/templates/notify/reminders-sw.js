// Served by notify/views.py service_worker at /reminders/sw.js, so its scope covers /reminders/.
// Shows a reminder sent by this server. The words come from the server and name nothing.
self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Notes", { body: data.body || "" })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  event.waitUntil(self.clients.openWindow("/"));
});
