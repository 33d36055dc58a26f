/* A search result opens an interview at the paragraph it was found in (online, Pagefind) or at
   the question it was found under (offline, Material's lunr links to the nearest heading), with
   the query in ?h=. Take the reader on to the paragraph itself: the first paragraph from there
   on (the target itself included) that holds every word of the query, scrolled into view and
   marked. */
(function () {
  "use strict";
  function findParagraph() {
    var query = new URLSearchParams(window.location.search).get("h");
    if (!query) return;
    // Compare as plain words: the page has typographic apostrophes, a typed query has '.
    function plain(text) { return text.toLowerCase().replace(/[\u2018\u2019]/g, "'"); }
    var words = plain(query).split(/\s+/).map(function (w) {
      return w.replace(/^[^\w']+|[^\w']+$/g, "");
    }).filter(function (w) { return w.length > 1; });
    if (!words.length) return;
    var paragraphs = Array.prototype.slice.call(document.querySelectorAll("article .ta-p"));
    var start = null;
    var anchor = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (anchor) {
      paragraphs.forEach(function (p, i) {
        if (start === null && (p === anchor || (anchor.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING))) start = i;
      });
    }
    start = start || 0;
    var ordered = paragraphs.slice(start).concat(paragraphs.slice(0, start));
    for (var i = 0; i < ordered.length; i++) {
      var text = plain(ordered[i].textContent);
      if (words.every(function (w) { return text.indexOf(w) !== -1; })) {
        ordered[i].classList.add("ta-found");
        ordered[i].scrollIntoView({ block: "center" });
        return;
      }
    }
  }
  // After load: the browser's own jump to the #section happens first, then this one.
  if (document.readyState === "complete") {
    window.setTimeout(findParagraph, 50);
  } else {
    window.addEventListener("load", function () { window.setTimeout(findParagraph, 50); });
  }
})();
