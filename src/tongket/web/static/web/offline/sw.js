/* The service worker of data entry (served at the site's root by the view
 * tongket.web.pages_reporting.entry_offline.service_worker, which puts self.TONGKET_OFFLINE
 * above this file: the URLs of the site and the words of the offline page).
 *
 * It keeps, per signed-in person, the entry pages they opened and their forms' definitions,
 * and answers from them when the network is gone; it keeps the static files the page needs;
 * it forgets a person's pages when they log out (or someone logs in); and it sends the
 * reports that wait (Background Sync, where the browser has it).
 */
"use strict";

const CONFIG = self.TONGKET_OFFLINE;
importScripts(CONFIG.outbox);

const ASSETS = "tongket-assets";
const PAGES = "tongket-pages-";
const SYNC = "tongket-outbox";

function pagesOf(user) {
  return PAGES + user;
}

async function signedIn() {
  const found = await self.TongketOutbox.metaGet("user");
  return found || null;
}

async function forget() {
  const who = await signedIn();
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PAGES)).map((name) => caches.delete(name)));
  if (who) await self.TongketOutbox.metaDrop("user");
}

async function remember(user, language, urls) {
  const who = await signedIn();
  if (!who || who.id !== user) await forget();
  await self.TongketOutbox.metaPut("user", { id: user, language });
  const cache = await caches.open(pagesOf(user));
  // What the worker answered since it started is kept already (and kept fresh on every visit).
  await Promise.all(
    urls.map(async (url) => {
      if (await cache.match(url)) return;
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.ok && !response.redirected) await cache.put(url, response);
    })
  );
  const assets = await caches.open(ASSETS);
  await Promise.all(
    CONFIG.assets.map(async (url) => {
      if (!(await assets.match(url))) await assets.add(url);
    })
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(ASSETS)
      .then((cache) => cache.addAll(CONFIG.assets))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Static files of an earlier version (their names change with their content).
      const cache = await caches.open(ASSETS);
      const current = new Set(CONFIG.assets.map((url) => new URL(url, self.location).href));
      for (const request of await cache.keys()) {
        if (!current.has(request.url)) await cache.delete(request);
      }
      await self.clients.claim();
    })()
  );
});

function kept(url) {
  const path = url.pathname;
  if (!path.startsWith(CONFIG.entry)) return false;
  const rest = path.slice(CONFIG.entry.length);
  return rest === "" || /^\d+\/$/.test(rest) || /^\d+\/offline\.json$/.test(rest);
}

function entryPage(url) {
  return /^\d+\/$/.test(url.pathname.slice(CONFIG.entry.length)) && url.pathname.startsWith(CONFIG.entry);
}

/* The entry form posted when the connection fails on the way (the browser still believed it
 * was online): what was typed is kept, a «Send» waits in the queue with the key the page made
 * when it was pressed, and the page opens again from what was kept to say so. */
async function postOrKeep(request, url) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const who = await signedIn();
    const cache = who ? await caches.open(pagesOf(who.id)) : null;
    const kept = cache ? await cache.match(url.href + "offline.json") : null;
    if (!who || !kept) return Response.error();
    const definition = await kept.json();
    const form = await copy.formData();
    const values = {};
    const notes = {};
    const fields = { "c:": "comment", "x:": "explanation" };
    for (const [name, value] of form.entries()) {
      const kind = name.slice(0, 2);
      if (kind === "v:") values[name.slice(2)] = String(value);
      else if (kind in fields && String(value).trim()) {
        (notes[name.slice(2)] = notes[name.slice(2)] || {})[fields[kind]] = String(value);
      }
    }
    const submission = definition.submission.id;
    await self.TongketOutbox.draftSave(who.id, submission, values, notes);
    if (form.get("action") === "submit") {
      await self.TongketOutbox.queue({
        user: who.id,
        submission,
        key: form.get("offline_key") || undefined,
        definition: definition.urls.definition,
        reports: definition.urls.reports,
        page: definition.submission.page,
        body: {
          form: definition.submission.form,
          period: definition.submission.period,
          unit_id: definition.submission.unit_id,
          values,
          ...(Object.keys(notes).length ? { notes } : {}),
        },
      });
      if (self.registration.sync) await self.registration.sync.register(SYNC).catch(() => undefined);
    }
    return Response.redirect(url.href, 303);
  }
}

function offlinePage(language) {
  const words = CONFIG.offline[language] || CONFIG.offline.vi;
  const escape = (text) =>
    text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const css = CONFIG.assets.find((url) => url.includes("site")) || "";
  const html =
    '<!doctype html><html lang="' + escape(language) + '"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>" + escape(words.title) + '</title><link rel="stylesheet" href="' + escape(css) + '">' +
    '</head><body><main id="main"><h1>' + escape(words.title) + "</h1><p>" + escape(words.body) +
    '</p><p><a href="' + escape(CONFIG.entry) + '">' + escape(words.back) + "</a></p></main></body></html>";
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'self'; script-src 'none'; frame-ancestors 'none'",
    },
  });
}

async function networkFirst(request) {
  const who = await signedIn();
  try {
    const response = await fetch(request);
    if (who && response.ok && !response.redirected && response.type === "basic") {
      const copy = response.clone();
      const cache = await caches.open(pagesOf(who.id));
      await cache.put(request.url, copy);
    }
    return response;
  } catch (error) {
    if (who) {
      const cache = await caches.open(pagesOf(who.id));
      const hit = await cache.match(request.url);
      if (hit) return hit;
    }
    if (request.mode === "navigate") return offlinePage(who ? who.language : "vi");
    return Response.error();
  }
}

async function staticFile(request) {
  // The network first (a newer file after an update), the kept copy when it is gone.
  try {
    const response = await fetch(request);
    if (response.ok && CONFIG.assets.some((url) => new URL(url, self.location).href === request.url)) {
      const copy = response.clone();
      await (await caches.open(ASSETS)).put(request.url, copy);
    }
    return response;
  } catch (error) {
    const hit = await caches.match(request.url, { cacheName: ASSETS });
    return hit || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && (url.pathname === CONFIG.logout || url.pathname === CONFIG.login)) {
    // Signing out (or in as someone else): the pages kept for the person go.
    event.waitUntil(forget());
    return;
  }
  if (request.method === "POST" && request.mode === "navigate" && entryPage(url)) {
    event.respondWith(postOrKeep(request, url));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(staticFile(request));
  } else if (kept(url)) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (message) => event.ports && event.ports[0] && event.ports[0].postMessage(message);
  if (data.type === "remember") {
    event.waitUntil(
      remember(data.user, data.language, data.urls).then(
        () => reply({ ok: true }),
        (error) => reply({ ok: false, error: String(error) })
      )
    );
  } else if (data.type === "flush") {
    event.waitUntil(self.TongketOutbox.flush().then((left) => reply({ ok: true, left })));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC) return;
  event.waitUntil(
    self.TongketOutbox.flush().then((left) => {
      // The browser tries again later while reports still wait.
      if (left > 0) throw new Error(left + " report(s) still waiting");
    })
  );
});
