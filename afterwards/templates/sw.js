// The site's service worker, rendered by afterwards/installable.py and served at /sw.js
// so that its scope is the whole site (the reminders worker, /reminders/sw.js, keeps
// /reminders/ and shows reminders there). It keeps ONLY the static shell: the CSS, the
// type, the icons and the scripts below, under their hashed names. Never a page, never
// a response marked no-store or private, nothing outside that list.
// Offline, a page asked for gets the calm offline page, held in this script; a form
// sent while offline gets "204 No Content", so its page stays with every word typed,
// and the page is told it was not sent (static/js/offline.js says so).
"use strict";

var SHELL_CACHE = "shell-{{ version }}";
var PRECACHE = {{ precache|safe }};
var SHELL = new Set({{ shell|safe }});
var OFFLINE_PAGE = {{ offline_page|safe }};
var CSP = {{ csp|safe }};
var QUICK_EXIT_URL = {{ quick_exit_url|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then(function (cache) { return cache.addAll(PRECACHE); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        // Whatever an older worker kept goes: only this version's shell stays.
        return Promise.all(names.filter(function (name) { return name !== SHELL_CACHE; })
          .map(function (name) { return caches.delete(name); }));
      })
      .then(function () {
        if (self.registration.navigationPreload) {
          return self.registration.navigationPreload.enable();
        }
      })
      .then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
  } else if (request.method === "GET" && SHELL.has(url.pathname) && !url.search) {
    event.respondWith(shell(request));
  }
  // Anything else goes to the network as if there were no worker.
});

function keepable(response) {
  var control = (response.headers.get("Cache-Control") || "").toLowerCase();
  return response.status === 200 && response.type === "basic" &&
    control.indexOf("no-store") === -1 && control.indexOf("private") === -1;
}

function shell(request) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (kept) {
      if (kept) {
        return kept;
      }
      return fetch(request).then(function (response) {
        if (keepable(response)) {
          cache.put(request, response.clone());
        }
        return response;
      });
    });
  });
}

function navigate(event) {
  var request = event.request;
  var sent = request.method === "GET"
    ? Promise.resolve(event.preloadResponse).then(function (preloaded) {
        return preloaded || fetch(request);
      })
    : fetch(request);
  return sent.catch(function () {
    if (request.method !== "GET") {
      // The page that sent the form stays as it is; it is told nothing was sent.
      notSent();
      return new Response(null, { status: 204 });
    }
    if (new URL(request.url).pathname === "/quick-exit/") {
      // Offline, Quick exit still leaves for the everyday site (the browser then says
      // it cannot reach it, as it would for any site).
      return Response.redirect(QUICK_EXIT_URL, 302);
    }
    return offlinePage();
  });
}

function offlinePage() {
  return new Response(OFFLINE_PAGE, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": CSP,
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

function notSent() {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    windows.forEach(function (client) { client.postMessage({ type: "not-sent" }); });
  });
}
