/* Smart City Lessen: the little that Pagefind's Component UI does not do itself.
   Loaded after pagefind/pagefind-component-ui.js (overrides/main.html).

   - The search page (zoeken/) keeps the term and the filters in the address,
     ?q=data&thema=Open+data&stad=Utrecht, so a filtered search can be shared, and
     restores them when such an address is opened. Pagefind's UIs do not sync
     filters to the address (Pagefind issue #588).
   - Filters alone, without a term, also list the matching pages.
   - Dutch: the filter names as the site calls them, the one string of Pagefind's
     Dutch translation that is English ("Reset"), and the header's list of results.
   - The field in the header gets a spoken name (Pagefind gives it only a placeholder). */
(function () {
  "use strict";
  var components = window.PagefindComponents;
  if (!components) return; // no search bundle: the pages say so and link the overviews

  var LABELS = { soort: "Soort", thema: "Thema", stad: "Stad of organisatie", jaar: "Jaar" };
  var FILTERS = Object.keys(LABELS);
  var manager = components.getInstanceManager();

  // The filter pane names each group after its key, capitalised, in the index's
  // (alphabetical) order; the site's names and order instead, in the page itself,
  // so reading and keyboard order match what is seen.
  var Pane = customElements.get("pagefind-filter-pane");
  var renderFilters = Pane.prototype.renderFilters;
  Pane.prototype.renderFilters = function () {
    renderFilters.apply(this, arguments);
    var pane = this;
    FILTERS.forEach(function (key) {
      var refs = pane.groupElements.get(key);
      if (!refs) return;
      refs.group.querySelector(".pf-filter-group-name").textContent = LABELS[key];
      pane.containerEl.appendChild(refs.group);
    });
  };

  if (document.querySelector("pagefind-searchbox[instance='kop']")) {
    var header = manager.getInstance("kop");
    // The searchbox draws itself before Pagefind reads the page's language, so its
    // list is named "Search results"; setting the language again redraws it in Dutch.
    header.setLanguage(document.documentElement.lang);
    document.querySelector("pagefind-searchbox input").setAttribute("aria-label", "Zoeken op deze site");
    // On loading, an instance fetches the index of every filter, for filter panes; the
    // header has none, so its engine answers "no filters" without fetching (about
    // 30 KB at 3,000 pages, 100 KB at 10,000; benchmarks/bench_search.py).
    var engine = null;
    Object.defineProperty(header, "__pagefind__", {
      get: function () {
        return engine;
      },
      set: function (loaded) {
        engine = loaded;
        if (loaded) {
          loaded.filters = function () {
            return Promise.resolve({});
          };
        }
      },
    });
  }

  if (!document.querySelector("pagefind-results[instance='zoeken']")) return;
  var search = manager.getInstance("zoeken");
  search.setTranslations({ clear_search: "Wissen" });

  function selected(filters) {
    var chosen = {};
    FILTERS.forEach(function (key) {
      if (filters && filters[key] && filters[key].length) chosen[key] = filters[key];
    });
    return chosen;
  }

  search.on("search", function (term, filters) {
    var chosen = selected(filters);
    // Faceted mode lists pages for filters without a term; with neither, the list stays empty.
    search.faceted = Object.keys(chosen).length > 0;
    var params = new URLSearchParams();
    if (term) params.set("q", term);
    Object.keys(chosen).forEach(function (key) {
      chosen[key].forEach(function (value) {
        params.append(key, value);
      });
    });
    var query = params.toString();
    history.replaceState(history.state, "", query ? "?" + query : location.pathname);
  });

  var params = new URLSearchParams(location.search);
  var restored = {};
  FILTERS.forEach(function (key) {
    if (params.getAll(key).length) restored[key] = params.getAll(key);
  });
  var term = params.get("q") || "";
  if (term || Object.keys(restored).length) {
    // After loading: Pagefind's own first faceted search must not replace the restored one.
    search.triggerLoad().then(function () {
      search.triggerSearchWithFilters(term, restored);
    });
  }
})();
