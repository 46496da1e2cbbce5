// The review loop in the pages: Confirm / Reject / Correct in every `.review-slot`, sent to
// POST /api/reviews with the reviewer's token as a bearer header.
// The token is typed once in the page header and kept in this tab's sessionStorage only:
// never in a URL, a cookie or the HTML. Every value reaches the page through textContent.
(function () {
  "use strict";

  var KEY = "armswatch.reviewToken";
  var body = document.body;
  var STATUSES = (body.dataset.statuses || "").split(" ").filter(Boolean);
  var STANCES = (body.dataset.stances || "").split(" ").filter(Boolean);
  // What a correction form offers, per record kind: [field, label, options (a select) or null].
  var FIELDS = {
    deployment: [["place", "Place", null], ["status", "Status", STATUSES], ["by", "Holder", null],
                 ["system", "System", null]],
    claim: [["speaker", "Speaker", null], ["stance", "Stance", STANCES]]
  };
  // The slot's data attribute holding a field's current value.
  var CURRENT = { place: "placeName", status: "status", by: "by", system: "system", speaker: "speaker", stance: "stance" };

  function getToken() {
    try { return window.sessionStorage.getItem(KEY) || ""; } catch (e) { return ""; }
  }

  function setToken(value) {
    try {
      if (value) { window.sessionStorage.setItem(KEY, value); } else { window.sessionStorage.removeItem(KEY); }
    } catch (e) { /* storage refused: the token lives only as long as this page */ }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function button(text, action) {
    var b = el("button", "review-btn", text);
    b.type = "button";
    if (action) { b.dataset.action = action; }
    return b;
  }

  // --- the token field in the header ---------------------------------------------------
  var tokenForm = document.getElementById("review-token");
  var tokenInput = document.getElementById("review-token-input");
  var tokenState = document.getElementById("review-token-state");
  var forget = document.getElementById("review-token-forget");

  function showTokenState() {
    if (!tokenForm) { return; }
    var has = Boolean(getToken());
    tokenState.textContent = has ? "token set for this tab" : "";
    forget.hidden = !has;
    tokenForm.classList.toggle("has-token", has);
  }

  if (tokenForm) {
    tokenForm.addEventListener("submit", function (ev) {
      ev.preventDefault();  // a GET submit would put the token into the URL
      var value = tokenInput.value.trim();
      tokenInput.value = "";
      if (value) { setToken(value); }
      showTokenState();
    });
    forget.addEventListener("click", function () { setToken(""); showTokenState(); });
    showTokenState();
  }

  // --- sending reviews -----------------------------------------------------------------
  function post(review, token) {
    return fetch("/api/reviews", {
      method: "POST", credentials: "same-origin", cache: "no-store", redirect: "error",
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(review)
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, ok: response.ok, data: data }; },
        function () { return { status: response.status, ok: response.ok, data: null }; });
    });
  }

  function errorText(result) {
    var err = result.data && result.data.error;
    var message = err && typeof err.message === "string" ? err.message : "the server gave no reason";
    return "Not stored (" + result.status + "): " + message;
  }

  // A ledger row stands for several reports: the review is sent for each of them, one after
  // the other; the first refusal stops the rest. A correction that changes nothing on one
  // report (it already had that value) is skipped, not an error.
  function send(slot, ids, action, values, comment) {
    var msg = slot.querySelector(".review-msg");
    var token = getToken();
    if (!token) {
      msg.textContent = "Enter a review token in the page header first.";
      msg.className = "review-msg error";
      if (tokenInput) { tokenInput.focus(); }
      return;
    }
    var buttons = slot.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    msg.textContent = "Sending…";
    msg.className = "review-msg";
    var stored = 0;
    var chain = Promise.resolve(null);
    ids.forEach(function (id) {
      chain = chain.then(function (failure) {
        if (failure) { return failure; }
        var review = { kind: slot.dataset.review, record: id, action: action };
        if (values) { review.values = values; }
        if (comment) { review.comment = comment; }
        return post(review, token).then(function (result) {
          if (result.ok) { stored += 1; return null; }
          var err = result.data && result.data.error;
          if (action === "correct" && ids.length > 1 && result.status === 422 && err &&
              /changes nothing/.test(String(err.message))) { return null; }
          return result;
        });
      });
    });
    chain.then(function (failure) {
      if (!failure) {
        msg.textContent = "Stored; reloading…";
        window.location.reload();
        return;
      }
      msg.textContent = errorText(failure) + (stored ? " (" + stored + " of " + ids.length + " reports were stored)" : "");
      msg.className = "review-msg error";
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
    }, function (err) {
      msg.textContent = "Not stored: " + String(err && err.message ? err.message : err);
      msg.className = "review-msg error";
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
    });
  }

  // --- the controls in each slot ---------------------------------------------------------
  function correctionForm(slot, ids) {
    var form = el("form", "review-form");
    form.hidden = true;
    var inputs = {};
    (FIELDS[slot.dataset.review] || []).forEach(function (f) {
      var label = el("label", null, f[1] + " ");
      var input;
      if (f[2]) {
        input = el("select");
        f[2].forEach(function (v) { var o = el("option", null, v.replace(/_/g, " ")); o.value = v; input.appendChild(o); });
      } else {
        input = el("input");
        input.type = "text";
      }
      input.name = f[0];
      input.value = slot.dataset[CURRENT[f[0]]] || "";
      inputs[f[0]] = input;
      label.appendChild(input);
      form.appendChild(label);
    });
    var commentLabel = el("label", null, "Comment ");
    var comment = el("input");
    comment.type = "text";
    comment.name = "comment";
    comment.maxLength = 2000;
    commentLabel.appendChild(comment);
    form.appendChild(commentLabel);
    var save = button("Save correction");
    save.type = "submit";
    var cancel = button("Cancel");
    cancel.addEventListener("click", function () { form.hidden = true; });
    form.appendChild(save);
    form.appendChild(cancel);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var values = {};
      Object.keys(inputs).forEach(function (name) {
        var value = inputs[name].value.trim();
        if (value && value !== (slot.dataset[CURRENT[name]] || "")) { values[name] = value; }
      });
      var msg = slot.querySelector(".review-msg");
      if (!Object.keys(values).length) {
        msg.textContent = "Change a value first (or confirm the record instead).";
        msg.className = "review-msg error";
        return;
      }
      send(slot, ids, "correct", values, comment.value.trim());
    });
    return form;
  }

  function fill(slot) {
    var ids = (slot.dataset.records || slot.dataset.recordId || "").split(" ")
      .map(function (s) { return Number(s); }).filter(function (n) { return Number.isInteger(n) && n > 0; });
    if (!ids.length) { return; }
    var reviews = (slot.dataset.reviewIds || "").split(" ").filter(Boolean);
    var box = el("div", "review-box");
    if (slot.dataset.rejected) { box.appendChild(el("span", "badge rejected", "rejected")); }
    reviews.forEach(function (id) {
      var badge = el("span", "badge reviewed", "reviewed " + id.slice(0, 8));
      badge.title = "review " + id;
      badge.dataset.reviewId = id;
      box.appendChild(badge);
    });
    var controls = el("div", "review-controls");
    var form = correctionForm(slot, ids);
    var confirm = button("Confirm", "confirm");
    var reject = button("Reject", "reject");
    var correct = button("Correct", "correct");
    if (ids.length > 1) { controls.title = "applies to the " + ids.length + " reports of this row"; }
    confirm.addEventListener("click", function () { send(slot, ids, "confirm"); });
    reject.addEventListener("click", function () { send(slot, ids, "reject"); });
    correct.addEventListener("click", function () { form.hidden = !form.hidden; });
    controls.appendChild(confirm);
    controls.appendChild(reject);
    controls.appendChild(correct);
    box.appendChild(controls);
    box.appendChild(form);
    var msg = el("p", "review-msg");
    msg.setAttribute("role", "status");
    box.appendChild(msg);
    slot.appendChild(box);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".review-slot[data-review]"), fill);
})();
