// The entry grid of a report: each cell is saved as the person leaves it and its messages
// shown beside it; Enter moves down and Tab right as in a spreadsheet (Shift goes back); the
// page warns before it is left with typed values not saved yet.
//
// The whole form is sent by one function, window.TongketEntry.submit(form, submitter): a
// layer that works offline may wrap it (and saveCell) to queue what cannot go now.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var cellUrl = form.dataset.cellUrl;
  var unsaved = new Set(); // inputs typed in and not stored yet
  var inflight = new Set(); // cell saves not answered yet
  var leaving = false;

  function token() {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function isCell(el) {
    return el && el.matches && el.matches(".entry-value, .entry-comment, .entry-explanation");
  }

  function rows() {
    return Array.prototype.slice.call(form.querySelectorAll("tr[data-code]"));
  }

  // ------------------------------------------------------------------ moving around

  function cellBelow(input, step) {
    var list = rows();
    var row = input.closest("tr");
    var kind = input.classList.contains("entry-comment") ? ".entry-comment" : ".entry-value";
    var next = list[list.indexOf(row) + step];
    return next ? next.querySelector(kind) : null;
  }

  function move(target) {
    if (!target) return;
    target.focus();
    if (target.select) target.select();
  }

  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey) return;
    // An explanation may take several lines: Enter stays in it.
    if (!isCell(input) || input.tagName === "TEXTAREA") return;
    event.preventDefault();
    var target = cellBelow(input, event.shiftKey ? -1 : 1);
    if (target) {
      move(target);
    } else {
      input.blur(); // the last line: stored as the person leaves it
      move(input);
    }
  });

  // ------------------------------------------------------------------ saving a cell

  function messageNode(item) {
    var p = document.createElement("p");
    p.className = "issue issue-" + item.severity;
    p.textContent = (item.severity === "error" ? "✗ " : "⚠ ") + item.text;
    return p;
  }

  function showMessages(row, items) {
    var box = row.querySelector(".cell-msgs");
    if (!box) return;
    box.textContent = "";
    items.forEach(function (item) {
      box.appendChild(messageNode(item));
    });
    var bad = items.some(function (m) { return m.severity === "error"; });
    var warn = items.some(function (m) { return m.severity === "warning"; });
    row.classList.toggle("has-error", bad);
    row.classList.toggle("has-warning", !bad && warn);
    var value = row.querySelector(".entry-value");
    if (bad) value.setAttribute("aria-invalid", "true");
    else value.removeAttribute("aria-invalid");
  }

  function showSummary(parts) {
    var line = document.getElementById("issue-count");
    if (!line || !parts) return;
    line.hidden = Array.prototype.some.call(form.querySelectorAll(".entry-value"), function (i) {
      return i.value.trim() !== i.defaultValue.trim();
    });
    line.textContent = "";
    parts.forEach(function (part, i) {
      if (i) line.appendChild(document.createTextNode(" · "));
      var span = document.createElement("span");
      span.className = part.kind;
      span.textContent = part.text;
      line.appendChild(span);
    });
  }

  function showDerived(values) {
    Object.keys(values || {}).forEach(function (code) {
      var field = form.querySelector('input[data-derived="' + code + '"]');
      if (field) field.value = values[code];
    });
  }

  function show(input, sent, status, data) {
    var row = input.closest("tr");
    // The server has answered for this line: the offline layer's own check gives way.
    Array.prototype.forEach.call(row.querySelectorAll(".offline-issue"), function (node) {
      node.remove();
    });
    if (data.messages) showMessages(row, data.messages);
    else if (data.error) showMessages(row, [{ severity: "error", text: data.error }]);
    if (data.outlier) row.querySelector(".explain").hidden = false;
    showDerived(data.derived);
    showSummary(data.summary);
    if (status === 200 && input.value === sent) {
      unsaved.delete(input);
      if (input.classList.contains("entry-value")) input.value = data.text;
      // What is shown is what is stored now.
      input.defaultValue = input.value;
    }
    row.dataset.saved = status === 200 ? "1" : "0";
    form.dispatchEvent(new CustomEvent("tongket:cell", { detail: { input: input, ok: status === 200, data: data } }));
  }

  // One cell at a time: a page never sends two writes at once.
  var queue = Promise.resolve();

  function saveCell(input) {
    // Without a connection the offline layer keeps what is typed; the form goes later.
    if (!navigator.onLine) return Promise.resolve(false);
    var request = queue.then(function () {
      return send(input);
    });
    queue = request.catch(function () {});
    inflight.add(request);
    request.finally(function () {
      inflight.delete(request);
    });
    return request;
  }

  function send(input) {
    var row = input.closest("tr");
    var sent = input.value;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token());
    body.append("code", row.dataset.code);
    body.append(input.name, sent);
    row.dataset.saved = "";
    return fetch(cellUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
        if (!json) {
          // Not an answer of the cell (a busy server, a lost session): nothing was stored.
          showMessages(row, [{ severity: "error", text: form.dataset.notSaved }]);
          return false;
        }
        return response.json().then(function (data) {
          show(input, sent, response.status, data);
          return response.status === 200;
        });
      })
      .catch(function () {
        if (!row.querySelector(".offline-issue")) {
          showMessages(row, [{ severity: "error", text: form.dataset.offline }]);
        }
        return false;
      });
  }

  form.addEventListener("input", function (event) {
    if (isCell(event.target)) unsaved.add(event.target);
  });
  form.addEventListener("change", function (event) {
    if (isCell(event.target)) TongketEntry.saveCell(event.target);
  });

  // ------------------------------------------------------------------ the whole form

  function submit(theForm, submitter) {
    var action = theForm.querySelector("input[type=hidden][name=action]");
    if (!action) {
      action = document.createElement("input");
      action.type = "hidden";
      action.name = "action";
      theForm.appendChild(action);
    }
    action.value = submitter && submitter.value ? submitter.value : "save";
    leaving = true; // everything typed goes with the form
    // A cell left on the way to the button is being stored: the form follows it, so that the
    // two writes never meet.
    return Promise.allSettled(Array.from(inflight)).then(function () {
      HTMLFormElement.prototype.submit.call(theForm);
    });
  }

  // Pressing a button keeps the focus where it is: the cell being left would otherwise be
  // stored and checked on the way, and its messages would move the button from under the
  // pointer before the press ends. The form carries that cell anyway.
  Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (button) {
    button.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
  });

  // Heard on the document, after the form's own listeners: one of them (the offline layer)
  // may have taken the press already.
  document.addEventListener("submit", function (event) {
    if (event.target !== form || event.defaultPrevented) return;
    event.preventDefault();
    TongketEntry.submit(form, event.submitter);
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving || unsaved.size === 0) return undefined;
    event.preventDefault();
    event.returnValue = form.dataset.leave;
    return form.dataset.leave;
  });

  window.TongketEntry = {
    form: form,
    submit: submit,
    saveCell: saveCell,
    unsaved: function () { return unsaved.size; },
  };
})();
