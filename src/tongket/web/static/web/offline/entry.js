/* The entry page without a connection.
 *
 * On a page with <section id="offline-entry" data-definition="…offline.json">: registers the
 * service worker and has it keep this page and its form for use offline; saves what is typed
 * in this browser as it is typed (and puts it back when the page opens again); offline, a
 * press on «Send» checks the report here (the server's rules and sentences) and queues it
 * with its Idempotency-Key; the queue goes out on load, when the connection comes back, and
 * by Background Sync; the section says what waits, what went and what was refused and why.
 */
(function () {
  "use strict";

  const box = document.getElementById("offline-entry");
  if (!box || !("indexedDB" in window) || !window.TongketOutbox || !window.TongketChecks) return;
  const Outbox = window.TongketOutbox;
  const Checks = window.TongketChecks;
  const SYNC = "tongket-outbox";

  let def = null;
  let savedAt = null;
  let restoredAt = null;
  let ready = false;
  let notice = "";
  let refusalShown = null;

  const inputs = () => Array.from(document.querySelectorAll('input[name^="v:"]'));
  const codeOf = (input) => input.name.slice(2);

  function typed() {
    const values = {};
    for (const input of inputs()) values[codeOf(input)] = input.value;
    return values;
  }

  // A comment («c:code») and an explanation («x:code») beside each value: kept and sent with
  // the values, as the API's «notes» ({code: {comment, explanation}}).
  const NOTE_FIELDS = { "c:": "comment", "x:": "explanation" };
  const noteInputs = () => Array.from(document.querySelectorAll('[name^="c:"], [name^="x:"]'));

  function typedNotes() {
    const notes = {};
    for (const input of noteInputs()) {
      const text = input.value.trim();
      if (!text && input.value === input.defaultValue) continue;
      const code = input.name.slice(2);
      (notes[code] = notes[code] || {})[NOTE_FIELDS[input.name.slice(0, 2)]] = input.value;
    }
    return notes;
  }

  function time(iso) {
    const day = new Date(iso);
    const two = (n) => String(n).padStart(2, "0");
    return two(day.getHours()) + ":" + two(day.getMinutes()) + ":" + two(day.getSeconds());
  }

  function say(name, values) {
    let text = def.texts[name] || "";
    for (const [key, value] of Object.entries(values || {})) text = text.replace("{" + key + "}", value);
    return text;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ----------------------------------------------------------------------- messages by line

  function clearLineMessages() {
    for (const node of document.querySelectorAll(".offline-issue")) node.remove();
    for (const input of inputs()) {
      if (input.dataset.offlineInvalid) {
        input.removeAttribute("aria-invalid");
        delete input.dataset.offlineInvalid;
      }
    }
  }

  function showLineMessages(byCode) {
    clearLineMessages();
    for (const input of inputs()) {
      const messages = byCode[codeOf(input)];
      if (!messages || !messages.length) continue;
      let after = input;
      messages.forEach((message, index) => {
        const p = element("p", "issue issue-error offline-issue", "✗ " + message);
        p.id = input.id + "-offline-" + index;
        after.insertAdjacentElement("afterend", p);
        after = p;
      });
      input.setAttribute("aria-invalid", "true");
      input.dataset.offlineInvalid = "1";
    }
  }

  // The server's refusal of a report, by line where it names one.
  function refusalByLine(error) {
    const byCode = {};
    const general = [];
    const codes = new Set(inputs().map(codeOf));
    for (const detail of (error && error.details) || []) {
      if (!detail || typeof detail !== "object") continue;
      const message = Checks.inLanguage(detail.message || "", def.language);
      if (detail.severity && detail.severity !== "error") continue;
      if (detail.indicator && codes.has(detail.indicator)) {
        (byCode[detail.indicator] = byCode[detail.indicator] || []).push(message);
      } else if (message) {
        general.push(message);
      }
    }
    return { byCode, general };
  }

  function refusalText(item) {
    const error = item.error || {};
    if (error.code === "not_found") return say("gone");
    const english = String(def.language).startsWith("en");
    return (english ? error.message_en : error.message) || error.code || String(item.status);
  }

  // ----------------------------------------------------------------------- the section

  async function render() {
    if (!def) return;
    const mine = (await Outbox.items(def.user)).filter((item) => item.submission === def.submission.id);
    box.replaceChildren();
    box.append(element("h2", "", say("title")));
    box.append(
      element("p", "offline-connection " + (navigator.onLine ? "is-online" : "is-offline"),
        navigator.onLine ? say("online") : say("offline"))
    );
    if (ready) box.append(element("p", "offline-ready hint", say("ready")));
    if (notice) box.append(element("p", "offline-notice", notice));
    if (restoredAt) box.append(element("p", "offline-restored", say("restored", { time: time(restoredAt) })));
    if (savedAt) box.append(element("p", "offline-saved hint", say("saved", { time: time(savedAt) })));
    const list = element("ul", "offline-items");
    const shown = mine.slice().reverse();
    for (const item of shown) list.append(itemNode(item));
    if (shown.length) box.append(list);
    pending = shown.some((item) => item.state !== "sent");
    const refused = shown.find((item) => item.state === "refused");
    if (refused && refused.key !== refusalShown) {
      // Once per refusal: what the person types next is checked here again.
      refusalShown = refused.key;
      showLineMessages(refusalByLine(refused.error).byCode);
    }
    box.hidden = false;
  }

  function button(label, action) {
    const node = element("button", "offline-action", label);
    node.type = "button";
    node.addEventListener("click", action);
    return node;
  }

  function itemNode(item) {
    const li = element("li", "offline-item offline-" + item.state);
    li.dataset.key = item.key;
    li.dataset.note = item.note || "";
    if (item.state === "sent") {
      li.append(element("span", "", say("sent", { time: time(item.sent) }) + " "));
      const again = element("a", "", say("reload"));
      again.href = def.submission.page;
      li.append(again);
      return li;
    }
    if (item.state === "refused") {
      li.append(element("strong", "", say("refused", { time: time(item.pressed) }) + " "));
      li.append(element("span", "offline-reason", refusalText(item)));
      const { general } = refusalByLine(item.error);
      if (general.length) {
        const reasons = element("ul", "offline-reasons");
        for (const message of general) reasons.append(element("li", "", message));
        li.append(reasons);
      }
      const closed = ["invalid_state", "locked"].includes((item.error || {}).code);
      li.append(
        element("p", "hint", closed ? say("closed", { status: def.submission.status_label }) : say("fix"))
      );
      li.append(button(say("dismiss"), () => Outbox.dismiss(item.key).then(render)));
      return li;
    }
    const text = item.note === "sending" ? say("sending", { time: time(item.pressed) }) : say("waiting", { time: time(item.pressed) });
    li.append(element("span", "", text));
    if (item.note === "login") {
      li.append(element("p", "offline-login", say("login") + " "));
      const link = element("a", "", say("login_link"));
      link.href = def.urls.login + "?next=" + encodeURIComponent(def.submission.page);
      li.append(link);
    } else if (item.note === "busy" || item.note === "network") {
      li.append(element("p", "hint", say("busy")));
    }
    const actions = element("p", "actions");
    if (navigator.onLine) actions.append(button(say("send_now"), () => send()));
    actions.append(
      button(say("cancel"), () =>
        Outbox.cancel(item.key).then(() => {
          notice = say("cancelled");
          return render();
        })
      )
    );
    li.append(actions);
    return li;
  }

  // ----------------------------------------------------------------------- sending

  let sending = null;

  function send() {
    if (!def || !navigator.onLine) return Promise.resolve();
    if (!sending) {
      sending = Outbox.flush(def.user)
        .catch(() => undefined)
        .then(refresh)
        .then(() => {
          sending = null;
          return render();
        });
    }
    return sending;
  }

  async function queue() {
    const values = typed();
    const found = Checks.check(def, values);
    if (found.count) {
      showLineMessages(found.errors);
      notice = say("invalid", { count: found.count });
      await render();
      const first = document.querySelector(".offline-issue");
      if (first) first.previousElementSibling && first.previousElementSibling.focus && first.previousElementSibling.focus();
      return;
    }
    clearLineMessages();
    notice = "";
    const notes = typedNotes();
    await Outbox.draftSave(def.user, def.submission.id, values, notes);
    await Outbox.queue({
      user: def.user,
      submission: def.submission.id,
      definition: def.urls.definition,
      reports: def.urls.reports,
      page: def.submission.page,
      body: {
        form: def.submission.form,
        period: def.submission.period,
        unit_id: def.submission.unit_id,
        values,
        ...(Object.keys(notes).length ? { notes } : {}),
      },
    });
    try {
      const registration = await navigator.serviceWorker.ready;
      if (registration.sync) await registration.sync.register(SYNC);
    } catch (error) {
      // No Background Sync here: the page sends when the connection comes back, or on load.
    }
    await render();
    send();
  }

  let pending = false; // a report of this page waits or was refused: sending goes that way

  function onSubmit(event) {
    if (!def) return;
    const action = event.submitter ? event.submitter.value : "";
    // Online, the page's own form does the work, unless a report of it is in the queue: then
    // the fix goes the same way, after it.
    if (navigator.onLine && !(pending && action === "submit")) {
      // Should the connection fail on the way, the worker queues this press with this key.
      if (action === "submit") keyField(event.target).value = Outbox.newKey();
      return;
    }
    event.preventDefault();
    if (action === "submit") {
      queue();
    } else {
      notice = say("draft_offline");
      render();
    }
  }

  function keyField(form) {
    let field = form.querySelector('input[name="offline_key"]');
    if (!field) {
      field = element("input");
      field.type = "hidden";
      field.name = "offline_key";
      form.append(field);
    }
    return field;
  }

  // While a line is typed in, its messages wait for the next check (on leaving the box), so
  // that nothing moves under the pointer on its way to a button.
  function quiet(input) {
    const cell = input.closest("td") || input.parentElement;
    for (const node of cell.querySelectorAll(".offline-issue")) node.remove();
    serverMarks(input, input.value.trim() !== input.defaultValue.trim());
  }

  // The marks the server put on a line (its messages, the red box, the row's colour) and on
  // the page (its count of errors) hold for what it stored, not for a line typed since.
  function serverMarks(input, changed) {
    const cell = input.closest("td") || input.parentElement;
    const row = input.closest("tr");
    if (input.dataset.serverInvalid === undefined) {
      input.dataset.serverInvalid = input.getAttribute("aria-invalid") || "";
      if (row) input.dataset.serverRow = row.className;
    }
    for (const node of cell.querySelectorAll(".issue:not(.offline-issue)")) node.hidden = changed;
    if (changed) {
      if (!input.dataset.offlineInvalid) input.removeAttribute("aria-invalid");
      if (row) row.classList.remove("has-error", "has-warning");
    } else {
      if (input.dataset.serverInvalid) input.setAttribute("aria-invalid", input.dataset.serverInvalid);
      if (row && input.dataset.serverRow !== undefined) row.className = input.dataset.serverRow;
    }
    const count = document.getElementById("issue-count");
    if (count) count.hidden = inputs().some((i) => i.value.trim() !== i.defaultValue.trim());
  }

  // The server's messages under a line describe what it stored; once the line says
  // something else, the browser's own check speaks for it.
  function recheck() {
    const found = Checks.check(def, typed());
    const byCode = {};
    for (const input of inputs()) {
      const code = codeOf(input);
      const changed = input.value.trim() !== input.defaultValue.trim();
      if (changed && found.errors[code]) byCode[code] = found.errors[code];
    }
    showLineMessages(byCode);
    for (const input of inputs()) serverMarks(input, input.value.trim() !== input.defaultValue.trim());
  }

  // ----------------------------------------------------------------------- typed, kept

  async function restore() {
    const draft = await Outbox.draftGet(def.user, def.submission.id);
    if (!draft) return;
    const shown = typed();
    const sameNotes = JSON.stringify(draft.notes || {}) === JSON.stringify(typedNotes());
    if (Outbox.sameValues(draft.values, shown) && sameNotes) {
      await Outbox.draftDrop(def.user, def.submission.id);
      return;
    }
    if (!def.submission.editable || !inputs().length) return;
    for (const input of inputs()) {
      const code = codeOf(input);
      if (code in draft.values) input.value = draft.values[code];
    }
    for (const input of noteInputs()) {
      const note = (draft.notes || {})[input.name.slice(2)] || {};
      const field = NOTE_FIELDS[input.name.slice(0, 2)];
      if (field in note) input.value = note[field];
    }
    restoredAt = draft.saved;
    recheck();
  }

  function watch() {
    for (const input of noteInputs()) {
      input.addEventListener("input", () => {
        Outbox.draftSave(def.user, def.submission.id, typed(), typedNotes()).then((saved) => {
          savedAt = saved;
          render();
        });
      });
    }
    for (const input of inputs()) {
      input.addEventListener("input", () => {
        quiet(input);
        Outbox.draftSave(def.user, def.submission.id, typed(), typedNotes()).then((saved) => {
          savedAt = saved;
          render();
        });
      });
    }
    const form = inputs().length ? inputs()[0].form : null;
    if (form) {
      form.addEventListener("submit", onSubmit);
      form.addEventListener("change", recheck);
    }
    window.addEventListener("online", () => refresh().then(render).then(send));
    window.addEventListener("offline", render);
    if ("BroadcastChannel" in window) {
      new BroadcastChannel(Outbox.CHANNEL).addEventListener("message", render);
    }
  }

  async function keepForOffline() {
    if (!("serviceWorker" in navigator) || !navigator.onLine) return;
    await navigator.serviceWorker.register(def.urls.worker, { scope: def.urls.scope });
    const registration = await navigator.serviceWorker.ready;
    const answer = await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      registration.active.postMessage(
        {
          type: "remember",
          user: def.user,
          language: def.language,
          urls: [def.submission.page, def.urls.definition, def.urls.entry],
        },
        [channel.port2]
      );
    });
    ready = Boolean(answer && answer.ok);
    await render();
  }

  async function load() {
    const response = await fetch(box.dataset.definition, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) return null;
    return response.json();
  }

  // Back online: the form's checks as the server has them now.
  async function refresh() {
    try {
      const fresh = await load();
      if (fresh && fresh.user === def.user) def = fresh;
    } catch (error) {
      // Still the checks kept for offline use.
    }
  }

  async function start() {
    def = await load();
    if (!def) return;
    if (!navigator.onLine) {
      // Messages of the moment the page was kept are not news now.
      for (const node of document.querySelectorAll("main .messages")) node.hidden = true;
    }
    await restore();
    watch();
    await render();
    await send();
    await keepForOffline();
  }

  start().catch((error) => {
    box.dataset.error = String(error);
  });
})();
