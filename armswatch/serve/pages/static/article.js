// The article view: a record in the list and its spans in the body point at each other.
// Clicking a record (or a link to it) lights up every span of that record; clicking a
// highlighted span lights up the records that cover it.
(function () {
  "use strict";
  function clear() {
    Array.prototype.forEach.call(document.querySelectorAll(".hl.active, .record.active"), function (n) {
      n.classList.remove("active");
    });
  }
  function showRecord(key, scroll) {
    clear();
    var spans = document.querySelectorAll('.hl[data-rec~="' + CSS.escape(key) + '"]');
    Array.prototype.forEach.call(spans, function (n) { n.classList.add("active"); });
    var rec = document.getElementById("rec-" + key);
    if (rec) { rec.classList.add("active"); }
    if (scroll && spans.length) { spans[0].scrollIntoView({ block: "center" }); }
    return spans.length;
  }
  Array.prototype.forEach.call(document.querySelectorAll(".record"), function (li) {
    li.addEventListener("click", function (ev) {
      if (ev.target.closest("a") && !ev.target.classList.contains("to-span")) { return; }
      ev.preventDefault();
      showRecord(li.dataset.key, true);
      history.replaceState(null, "", "#at-" + li.dataset.key);
    });
  });
  var body = document.getElementById("body");
  if (body) {
    body.addEventListener("click", function (ev) {
      var seg = ev.target.closest(".hl");
      if (!seg) { return; }
      var keys = seg.dataset.rec.split(" ");
      clear();
      keys.forEach(function (k) {
        var rec = document.getElementById("rec-" + k);
        if (rec) { rec.classList.add("active"); }
      });
      var first = document.getElementById("rec-" + keys[keys.length - 1]);
      if (first) { first.scrollIntoView({ block: "nearest" }); }
      seg.classList.add("active");
    });
  }
  var m = /^#at-([a-z]\d+)$/.exec(location.hash);
  if (m) { showRecord(m[1], true); }
})();
