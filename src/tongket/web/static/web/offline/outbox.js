/* What a browser keeps of data entry while there is no connection, and the sending of the
 * reports that wait. Used by the entry page and by the service worker (importScripts).
 *
 * IndexedDB «tongket-offline»:
 *   drafts  what is typed in a report, as it is typed ({key: "user:submission", values, notes})
 *   outbox  reports submitted and not yet accepted, each with the Idempotency-Key made when
 *           the person pressed «Send»; states waiting → sent, or refused (with the reason)
 *   meta    who is signed in on this browser (for the pages the worker keeps)
 *
 * A report goes out through POST /api/v1/reports with the session and its CSRF token; the
 * same key on every attempt means a connection that drops after the server stored it can
 * never store it twice (the server answers the retry with the stored answer).
 */
(function (root) {
  "use strict";

  const NAME = "tongket-offline";
  const VERSION = 1;
  const CHANNEL = "tongket-offline";
  const SENT_KEPT = 5; // reports already sent, kept to say what went

  let opened = null;

  function database() {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains("drafts")) db.createObjectStore("drafts", { keyPath: "key" });
        if (!db.objectStoreNames.contains("outbox")) {
          db.createObjectStore("outbox", { keyPath: "key" }).createIndex("user", "user");
        }
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "name" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    opened.catch(() => {
      opened = null;
    });
    return opened;
  }

  // One transaction; resolves with the last request's result once it is durable.
  function run(store, mode, work) {
    return database().then(
      (db) =>
        new Promise((resolve, reject) => {
          const transaction = db.transaction(store, mode);
          let result;
          const request = work(transaction.objectStore(store));
          if (request) request.onsuccess = () => (result = request.result);
          transaction.oncomplete = () => resolve(result);
          transaction.onerror = () => reject(transaction.error);
          transaction.onabort = () => reject(transaction.error);
        })
    );
  }

  const get = (store, key) => run(store, "readonly", (s) => s.get(key));
  const put = (store, value) => run(store, "readwrite", (s) => s.put(value));
  const remove = (store, key) => run(store, "readwrite", (s) => s.delete(key));
  const all = (store) => run(store, "readonly", (s) => s.getAll());

  function draftKey(user, submission) {
    return user + ":" + submission;
  }

  function newKey() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    root.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function notify(message) {
    if (!("BroadcastChannel" in root)) return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(message);
    channel.close();
  }

  function sameValues(a, b) {
    const keys = new Set([...Object.keys(a || {}), ...Object.keys(b || {})]);
    for (const key of keys) if (((a || {})[key] || "").trim() !== ((b || {})[key] || "").trim()) return false;
    return true;
  }

  // ------------------------------------------------------------------------- drafts

  function draftSave(user, submission, values, notes) {
    const saved = new Date().toISOString();
    const draft = { key: draftKey(user, submission), user, submission, values, notes: notes || {}, saved };
    return put("drafts", draft).then(() => saved);
  }

  const draftGet = (user, submission) => get("drafts", draftKey(user, submission));
  const draftDrop = (user, submission) => remove("drafts", draftKey(user, submission));

  // ------------------------------------------------------------------------- outbox

  function items(user) {
    return run("outbox", "readonly", (s) => s.index("user").getAll(user)).then((found) =>
      found.sort((a, b) => (a.pressed < b.pressed ? -1 : 1))
    );
  }

  /* A report pressed «Send»: kept until the server takes it or refuses it. */
  async function queue({ user, submission, definition, reports, page, body, key }) {
    const earlier = (await items(user)).filter((item) => item.submission === submission);
    for (const item of earlier) {
      // A refused one is replaced by its fix; a waiting one never tried yet by the new press.
      // One that was tried may have reached the server: it is sent (with its key) first.
      if (item.state === "refused" || (item.state === "waiting" && !item.attempts)) {
        await remove("outbox", item.key);
      }
    }
    const item = {
      key: key && /^[!-~]{1,255}$/.test(key) ? key : newKey(),
      user,
      submission,
      definition,
      reports,
      page,
      body,
      pressed: new Date().toISOString(),
      state: "waiting",
      attempts: 0,
      note: "",
    };
    await put("outbox", item);
    notify({ type: "outbox", user });
    return item;
  }

  async function cancel(key) {
    const item = await get("outbox", key);
    if (item && item.state !== "sent") await remove("outbox", key);
    if (item) notify({ type: "outbox", user: item.user });
  }

  async function dismiss(key) {
    const item = await get("outbox", key);
    if (item && item.state !== "waiting") await remove("outbox", key);
    if (item) notify({ type: "outbox", user: item.user });
  }

  async function mark(item, changes) {
    Object.assign(item, changes);
    await put("outbox", item);
    notify({ type: "outbox", user: item.user });
    return item;
  }

  async function token(item) {
    // A fresh CSRF token, and a check that the person who pressed «Send» is signed in.
    const response = await fetch(item.definition, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
    const json = (response.headers.get("Content-Type") || "").includes("json");
    if (response.status >= 500) return { note: "busy" };
    if (response.redirected || response.status === 401 || !json) return { note: "login" };
    if (!response.ok) return { gone: response.status };
    const definition = await response.json();
    if (definition.user !== item.user) return { note: "login" };
    return { csrf: definition.csrf };
  }

  async function sendOne(item) {
    let answer;
    try {
      answer = await token(item);
    } catch (error) {
      return mark(item, { note: "network" });
    }
    if (answer.note) return mark(item, { note: answer.note });
    if (answer.gone) {
      return mark(item, { state: "refused", status: answer.gone, error: { code: "not_found" } });
    }
    let response;
    item.attempts = (item.attempts || 0) + 1;
    await mark(item, { note: "sending", tried: new Date().toISOString() });
    try {
      response = await fetch(item.reports, {
        method: "POST",
        credentials: "same-origin",
        cache: "no-store",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": answer.csrf,
          "Idempotency-Key": item.key,
        },
        body: JSON.stringify(item.body),
      });
    } catch (error) {
      return mark(item, { note: "network" });
    }
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    if (response.status === 201 || response.status === 200) {
      const draft = await draftGet(item.user, item.submission);
      if (draft && sameValues(draft.values, item.body.values)) {
        await draftDrop(item.user, item.submission);
      }
      await mark(item, {
        state: "sent",
        note: "",
        sent: new Date().toISOString(),
        status: response.status,
        replayed: response.headers.get("Idempotent-Replayed") === "true",
        warnings: data && data.issues ? data.issues.length : 0,
      });
      await prune(item.user);
      return item;
    }
    const code = data && data.error ? data.error.code : "";
    if (response.status === 401 || code === "csrf_failed") return mark(item, { note: "login" });
    if (!data || response.status >= 500 || response.status === 429 || response.status === 408) {
      return mark(item, { note: "busy" });
    }
    return mark(item, { state: "refused", note: "", status: response.status, error: data.error });
  }

  async function prune(user) {
    const sent = (await items(user)).filter((item) => item.state === "sent");
    for (const item of sent.slice(0, Math.max(0, sent.length - SENT_KEPT))) {
      await remove("outbox", item.key);
    }
  }

  async function sendWaiting(filter) {
    const waiting = (await all("outbox"))
      .filter((item) => item.state === "waiting" && filter(item))
      .sort((a, b) => (a.pressed < b.pressed ? -1 : 1));
    for (const item of waiting) await sendOne(item);
    return (await all("outbox")).filter((item) => item.state === "waiting" && filter(item)).length;
  }

  /* Send what waits (of one user, or of everyone on this browser); one sender at a time
   * across the tabs and the worker. Resolves with the number still waiting. */
  function flush(user) {
    const filter = user === undefined ? () => true : (item) => item.user === user;
    const locks = root.navigator && root.navigator.locks;
    if (locks) return locks.request("tongket-outbox", () => sendWaiting(filter));
    return sendWaiting(filter);
  }

  // ------------------------------------------------------------------------- meta

  const metaGet = (name) => get("meta", name);
  const metaPut = (name, value) => put("meta", Object.assign({ name }, value));
  const metaDrop = (name) => remove("meta", name);

  root.TongketOutbox = {
    CHANNEL,
    newKey,
    draftSave,
    draftGet,
    draftDrop,
    items,
    queue,
    cancel,
    dismiss,
    flush,
    sameValues,
    metaGet,
    metaPut,
    metaDrop,
  };
})(self);
