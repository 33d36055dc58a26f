/* "Copy citation" (the page) and "Cite" (a paragraph) on interview pages.

   The citation's wording comes from the page (data-cite on .ta-cite, written by
   build_tools/citation.py); this script fills in what only the browser knows when the reader
   copies: the address and the date of access. The address is the published one: the archive's
   address (<meta name="ta-archive-url">, which the build writes from site_url, or for the
   offline bundle from extra.archive_url) followed by the page's path (data-path) and the
   paragraph's id. An offline bundle built without an archive address cites the file it was
   opened from and says it is an offline copy.

   Copying uses the Clipboard API; where it is refused (no permission, an old browser, an
   insecure page), the citation is shown selected in a read-only field to copy by hand. Text is
   only ever set with textContent / value: the citation holds the transcript's own title. */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  function today() {
    var d = new Date();
    return d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
  }

  function address(bar, fragment) {
    var meta = document.querySelector('meta[name="ta-archive-url"]');
    var base = meta ? meta.getAttribute("content") : "";
    var hash = fragment ? "#" + fragment : "";
    if (base) {
      if (base.charAt(base.length - 1) !== "/") base += "/";
      return base + bar.getAttribute("data-path") + hash;
    }
    return window.location.href.split("#")[0] + hash + " (offline copy)";
  }

  // The last placeholder of each kind: both follow everything taken from the source, so a
  // title that itself holds "{url}" stays as it is (citation.py, template).
  function replaceLast(text, placeholder, value) {
    var at = text.lastIndexOf(placeholder);
    return at < 0 ? text : text.slice(0, at) + value + text.slice(at + placeholder.length);
  }

  function citation(bar, fragment) {
    var text = bar.getAttribute("data-cite") || "";
    var at = text.lastIndexOf("{accessed}");
    var head = at < 0 ? text : text.slice(0, at);
    var tail = at < 0 ? "" : today() + text.slice(at + "{accessed}".length);
    return replaceLast(head, "{url}", address(bar, fragment)) + tail;
  }

  function say(bar, message) {
    var status = bar.querySelector(".ta-cite-status");
    if (!status) return;
    status.textContent = message;
    window.clearTimeout(status._taTimer);
    status._taTimer = window.setTimeout(function () { status.textContent = ""; }, 4000);
  }

  // No clipboard: the citation in a read-only field, selected, right after what was clicked.
  function showField(bar, after, text) {
    var old = document.querySelector(".ta-cite-field");
    if (old) old.parentNode.removeChild(old);
    var field = document.createElement("textarea");
    field.className = "ta-cite-field";
    field.readOnly = true;
    field.rows = 3;
    field.setAttribute("aria-label", "Citation");
    field.value = text;
    after.parentNode.insertBefore(field, after.nextSibling);
    field.focus();
    field.select();
    say(bar, "Copying was not allowed here: the citation is selected below, copy it with Ctrl+C (⌘C).");
  }

  function copy(bar, after, text) {
    var done = function () { say(bar, "Copied: " + text); };
    var failed = function () { showField(bar, after, text); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var button = target.closest(".ta-cite-copy, .ta-cite-p");
    if (!button) return;
    var bar = document.querySelector(".ta-cite");
    if (!bar) return;
    if (button.classList.contains("ta-cite-p")) {
      var paragraph = button.closest(".ta-p");
      if (!paragraph) return;
      copy(bar, paragraph, citation(bar, paragraph.id));
    } else {
      copy(bar, bar, citation(bar, ""));
    }
  });

  // Each paragraph's "Cite" button, after its permalink: made here, not in the HTML, because
  // without this script it could do nothing (and it was ~9% of a page's bytes).
  function buttons() {
    var bar = document.querySelector(".ta-cite");
    if (!bar) return;
    bar.hidden = false;
    var links = document.querySelectorAll("article .ta-p > .ta-permalink");
    for (var i = 0; i < links.length; i++) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ta-cite-p";
      button.setAttribute("aria-label", "Cite this paragraph");
      button.textContent = "Cite";
      links[i].parentNode.insertBefore(button, links[i].nextSibling);
    }
  }

  // Every printed sheet names the page's citation in its bottom margin (a CSS page margin
  // box: unlike a fixed element, it never covers the text). Margin boxes take only strings,
  // so the citation goes into a CSS string: backslashes, quotes and line breaks escaped, and
  // the style sheet is set as text, never parsed as HTML.
  function cssString(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')
      .replace(/[\n\r\f\u2028\u2029]/g, "\\a ") + '"';
  }
  function footer() {
    var bar = document.querySelector(".ta-cite");
    if (!bar || document.getElementById("ta-print-cite")) return;
    var style = document.createElement("style");
    style.id = "ta-print-cite";
    style.textContent = "@media print { @page { @bottom-left { content: " +
      cssString("Cite as: " + citation(bar, "")) +
      "; font-size: 8pt; vertical-align: top; } } }";
    document.head.appendChild(style);
  }
  function start() { buttons(); footer(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
