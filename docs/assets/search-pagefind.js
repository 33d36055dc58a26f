/* Material for MkDocs' search worker, answered by Pagefind (online builds only; see
   build_tools/search_index.py and overrides/main.html).

   Material's search box talks to a web worker in four messages (Material's
   src/templates/assets/javascripts/integrations/search/worker/message):
     0 SETUP  {config, docs, options}  -> 1 READY
     2 QUERY  "the typed text"         -> 3 RESULT {items: SearchItem[][]}
   Each inner array is one page: the item whose location has no "#" is the page, the others
   are its sections; an item is {location, title, text, score, terms}. Material renders
   title and text as HTML, so everything taken from a page (Pagefind's titles and excerpts:
   transcript text, which is untrusted) is escaped here, and only Pagefind's <mark> tags are
   put back. Pagefind fetches only the index chunks a query needs and one fragment per page
   shown, so a search costs kilobytes, not the whole corpus. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
// Pages whose fragment is fetched for one query: what Material shows before the reader
// scrolls. Each costs a request of 5-50 KB (the page's text, compressed): at 1,000 interviews
// 20 of them made a first search fetch ~1 MB and wait for four rounds of requests.
var MAX_PAGES = 10;
// Sections (paragraphs) listed under a page, best first.
var MAX_SECTIONS = 5;

// The worker is at <site>/assets/; the index at <site>/pagefind/.
var PAGEFIND = new URL("../pagefind/pagefind.js", self.location.href).href;
var pagefind = null;
var latest = 0;

function escapeHTML(text) {
  return String(text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

// Pagefind's excerpt is the page's raw text (what the reader sees, "<" and "&" as such) with
// <mark> tags put in around the matches; its plain_excerpt is the same text without them. The
// two are walked side by side: text is escaped, and a <mark> or </mark> is kept only where the
// plain text does not have it (so a transcript that says "<mark>" shows it as text). If they
// cannot be lined up, the plain text is shown without highlights.
function markedHTML(marked, plain) {
  marked = String(marked || "");
  plain = String(plain === undefined ? marked : plain);
  var out = "", i = 0, j = 0, open = false;
  while (i < marked.length) {
    var tag = open ? "</mark>" : "<mark>";
    if (marked.startsWith(tag, i) && !plain.startsWith(tag, j)) {
      out += tag;
      open = !open;
      i += tag.length;
    } else if (marked[i] === plain[j]) {
      out += escapeHTML(marked[i]);
      i++;
      j++;
    } else {
      return escapeHTML(plain);
    }
  }
  return j === plain.length ? out + (open ? "</mark>" : "") : escapeHTML(plain);
}

// Pagefind's raw_url is a page's path from the site root ("/interviews/x/"). Material's
// locations are relative to its base, so the site works under any path (a GitHub Pages project
// site). Anything else (another host, a scheme) is dropped.
function relative(rawUrl) {
  var path = String(rawUrl || "");
  return /^\/(?![\/\\])/.test(path) && !/^[^/?#]*:/.test(path.slice(1)) ? path.slice(1) : null;
}

// The query's words (what Material passes on in ?h= to highlight on the page opened).
function queryWords(query) {
  return query.replace(/["+\-*~^]/g, " ").split(/\s+/).filter(Boolean);
}

// The paragraph of a sub-result (a heading's section) where its matches cluster: the match that
// starts the densest run of matches (within WINDOW words; a typed phrase is a run of matches
// in a row, while a common word is scattered) belongs to the last <p> with an id that starts at
// or before it (Pagefind lists every element with an id as an anchor, with its word position).
var WINDOW = 12;
function paragraphOf(data, sub) {
  var paragraphs = (data.anchors || []).filter(function (a) { return a.element === "p" && a.id; })
    .sort(function (a, b) { return a.location - b.location; });
  var locations = (sub.locations || []).slice().sort(function (a, b) { return a - b; });
  var start = null, most = 0;
  for (var i = 0, j = 0; i < locations.length; i++) {
    while (j < locations.length && locations[j] < locations[i] + WINDOW) j++;
    if (j - i > most) { most = j - i; start = locations[i]; }
  }
  var owner = null;
  for (var k = 0; start !== null && k < paragraphs.length && paragraphs[k].location <= start; k++) owner = paragraphs[k];
  return owner;
}

function weight(sub) {
  return (sub.weighted_locations || []).reduce(function (sum, w) { return sum + (w.weight || 1); }, 0)
    || (sub.locations || []).length;
}

function pageItems(data, score, terms) {
  var page = relative(data.raw_url);
  if (page === null) return null;
  var title = escapeHTML(data.meta && data.meta.title ? data.meta.title : page);
  var text = markedHTML(data.excerpt, data.plain_excerpt);
  var items = [{ location: page, title: title, text: text, score: score, terms: terms }];
  var seen = {};
  (data.sub_results || []).slice().sort(function (a, b) { return weight(b) - weight(a); })
    .forEach(function (sub) {
      var paragraph = paragraphOf(data, sub);
      var id = paragraph ? paragraph.id : sub.anchor && sub.anchor.id;
      if (!id || seen[id] || items.length > MAX_SECTIONS) return;
      seen[id] = true;
      // The best section is shown with the page (same score); the others fold away under
      // Material's "N more on this page".
      items.push({
        location: page + "#" + encodeURIComponent(id),
        title: escapeHTML(sub.title || (data.meta && data.meta.title) || ""),
        text: markedHTML(sub.excerpt, sub.plain_excerpt),
        score: items.length === 1 ? score : score / 2,
        terms: terms,
      });
    });
  return items;
}

// Pagefind's script, WebAssembly and index metadata (~150 KB, cached by the browser across
// pages), loaded as soon as Material starts this worker (before it sends SETUP, which waits
// for Material's own, here empty, index), so the first query waits only for its own chunks.
function load() {
  if (!pagefind) {
    pagefind = import(PAGEFIND).then(async function (api) { await api.init(); return api; })
      .catch(function (error) { pagefind = null; throw error; });  // the next query retries
  }
  return pagefind;
}

// Pagefind returns only pages that hold every word of a query. Material's search (and a reader
// typing "Emmanuel Macron" for a page that says "E. Macron") expects pages that hold some of
// them too: those follow, most words first, with the missing words marked (Material shows
// them struck out).
async function candidates(api, query) {
  var words = queryWords(query);
  var all = await api.search(query);
  var found = (all ? all.results : []).map(function (r) {
    return { result: r, terms: Object.fromEntries(words.map(function (w) { return [w, true]; })) };
  });
  if (words.length < 2 || found.length >= MAX_PAGES) return found;
  var seen = Object.fromEntries(found.map(function (f) { return [f.result.id, true]; }));
  var partial = {};
  var each = await Promise.all(words.map(function (w) { return api.search(w); }));
  each.forEach(function (one, i) {
    (one ? one.results : []).forEach(function (r) {
      if (seen[r.id]) return;
      var entry = partial[r.id] || (partial[r.id] = { result: r, terms: {}, hits: 0, score: 0, partial: true });
      entry.terms[words[i]] = true;
      entry.hits += 1;
      entry.score += r.score || 0;
    });
  });
  var rest = Object.values(partial).sort(function (a, b) { return b.hits - a.hits || b.score - a.score; });
  rest.forEach(function (entry) {
    words.forEach(function (w) { if (!entry.terms[w]) entry.terms[w] = false; });
  });
  return found.concat(rest);
}

// A page that holds only some of the words is shown only for words that are on it as typed, or
// as the start of a longer word (as Material's search matches): Pagefind's stemming would
// otherwise let "Antony" find a page that only says "Antonio". Updates ``terms``.
function confirm(data, terms) {
  var marked = [data.excerpt].concat((data.sub_results || []).map(function (s) { return s.excerpt; }))
    .join(" ").match(/<mark>[^<]*<\/mark>/g) || [];
  var words = marked.map(function (m) { return m.slice(6, -7).toLowerCase(); });
  var any = false;
  Object.keys(terms).forEach(function (term) {
    var t = term.toLowerCase();
    terms[term] = terms[term] && words.some(function (w) { return w.replace(/^\W+/, "").startsWith(t); });
    any = any || terms[term];
  });
  return any;
}

async function search(query, serial) {
  if (!query.trim()) return { items: [] };
  var api = await load();
  var found = (await candidates(api, query)).slice(0, MAX_PAGES);
  if (serial !== latest) return null;  // a newer query came in meanwhile
  var pages = await Promise.all(found.map(function (f) { return f.result.data(); }));
  if (serial !== latest) return null;
  var items = pages.map(function (data, rank) {
    var terms = found[rank].terms;
    if (found[rank].partial && !confirm(data, terms)) return null;
    // Material compares scores only within a page's items; ranks are kept by order.
    return pageItems(data, found[rank].result.score || 1 / (rank + 1), terms);
  }).filter(Boolean);
  return { items: items };
}

self.addEventListener("message", async function (event) {
  var message = event.data;
  switch (message.type) {
    case SETUP:
      // Material's own index (left empty online) is not needed.
      self.postMessage({ type: READY });
      break;
    case QUERY:
      var serial = ++latest;
      try {
        var result = await search(String(message.data || ""), serial);
        if (result) self.postMessage({ type: RESULT, data: result });
      } catch (error) {
        console.warn("Search failed:", error);
        if (serial === latest) self.postMessage({ type: RESULT, data: { items: [] } });
      }
      break;
    default:
      throw new TypeError("Invalid message type");
  }
});

load().catch(function (error) { console.warn("Pagefind did not load:", error); });
