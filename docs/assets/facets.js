/* The filters of "All interviews" (build_tools/render_facets.py). Loaded on every page, it
   returns at once where there is no filter form.

   Each list item says its values in data-f: one field per <select> of the form, in order,
   separated by "|", each a space-separated list of indexes into that select's options (the
   "Any" option not counted). An item is shown when, for every chosen filter, it has the chosen
   value. The choice is kept in the address (?year=2021&topic=nato, the options' stable keys)
   with history.replaceState, and read back on load: a reload, a bookmark or a shared link
   opens the same list. Works from file:// (no request is made). */
(function () {
  "use strict";
  var form = document.querySelector("form.ta-facets");
  var list = document.querySelector(".ta-facet-list");
  if (!form || !list) return;
  var status = document.querySelector(".ta-facet-count");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var items = Array.prototype.slice.call(list.children).map(function (li) {
    var fields = (li.getAttribute("data-f") || "").split("|");
    return {
      li: li,
      values: selects.map(function (_, n) {
        return (fields[n] || "").split(" ").filter(Boolean).map(Number);
      })
    };
  });

  function restore() {
    var query = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = query.get(select.name);
      var known = Array.prototype.some.call(select.options, function (o) {
        return o.value === wanted;
      });
      select.value = wanted && known ? wanted : "";
    });
  }

  function remember() {
    var query = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      if (select.value) query.set(select.name, select.value); else query.delete(select.name);
    });
    var search = query.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (error) {
      // Some browsers refuse to change a file:// address: the filter still works.
    }
  }

  function apply() {
    var chosen = selects.map(function (select) { return select.selectedIndex - 1; });
    var shown = 0;
    items.forEach(function (item) {
      var ok = chosen.every(function (c, n) { return c < 0 || item.values[n].indexOf(c) !== -1; });
      item.li.hidden = !ok;
      if (ok) shown += 1;
    });
    if (status) {
      status.textContent = shown + " of " + items.length + " interviews";
    }
  }

  form.addEventListener("change", function () { apply(); remember(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    // The form's own reset runs after this event: filter once it has.
    window.setTimeout(function () { apply(); remember(); }, 0);
  });
  restore();
  apply();
  form.hidden = false;
})();
