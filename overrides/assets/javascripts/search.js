/* Smart City Lessen: the little that Pagefind's Component UI does not do itself.
   Loaded after pagefind/pagefind-component-ui.js (overrides/main.html).

   - The search page (zoeken/) keeps the term and the filters in the address,
     ?q=data&thema=Open+data&stad=Utrecht, so a filtered search can be shared, and
     restores them when such an address is opened. Pagefind's UIs do not sync
     filters to the address (Pagefind issue #588).
   - Filters alone, without a term, also list the matching pages.
   - Dutch: the filter names as the site calls them, the one string of Pagefind's
     Dutch translation that is English ("Reset"), and the header's list of results.
   - The field in the header gets a spoken name (Pagefind gives it only a placeholder).
   - The header's list ends with "Alle resultaten voor …", a link to the search page
     with the term (zoeken/?q=…), where the filters are. Enter in the field goes there
     too: a reader who types a term and presses Enter asks for the results, as on any
     site search; a single result is chosen with the arrow keys (or the mouse), then
     Enter opens it. So no result is pre-selected (Pagefind selects the first). */
(function () {
  "use strict";
  var components = window.PagefindComponents;
  if (!components) return; // no search bundle: the pages say so and link the overviews

  var LABELS = { soort: "Soort", thema: "Thema", stad: "Gemeente of organisatie", jaar: "Jaar" };
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
    var box = document.querySelector("pagefind-searchbox[instance='kop']");
    var field = box.querySelector("input");
    field.setAttribute("aria-label", "Zoeken op deze site");
    field.setAttribute("aria-describedby", "scl-search-hint"); // how Enter and the arrow keys work (header.html)
    field.setAttribute("enterkeyhint", "search"); // a phone's keyboard labels Enter as searching, which it does

    // The search page with the term, e.g. ../zoeken/?q=privacy+sensoren.
    var resultsPage = box.getAttribute("data-scl-results");
    var resultsAddress = function (term) {
      var address = new URL(resultsPage, location.href);
      address.search = new URLSearchParams({ q: term }).toString();
      return address.href;
    };

    // Enter with no result chosen (no active option): all results. Listening on the
    // searchbox in the capture phase runs before Pagefind's own handler on the field.
    box.addEventListener(
      "keydown",
      function (event) {
        if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
        if (event.target.getAttribute("aria-activedescendant")) return; // a chosen result: Pagefind opens it
        var term = event.target.value.trim();
        if (!term) return;
        event.preventDefault();
        event.stopPropagation();
        if (event.shiftKey || event.ctrlKey || event.metaKey) {
          window.open(resultsAddress(term), "_blank"); // as Pagefind does for a result
        } else {
          location.href = resultsAddress(term);
        }
      },
      true,
    );

    header.on("results", function (found) {
      // After Pagefind drew the list (its handler was registered first): nothing chosen
      // yet, so the first arrow-down chooses the first result. `activeIndex` is a public
      // field of <pagefind-searchbox>; tests/browser/test_search.py notices a change.
      box.activeIndex = -1;
      var dropdown = box.querySelector(".pf-searchbox-dropdown");
      if (!dropdown) return;
      var link = dropdown.querySelector(".scl-all-results");
      if (!link) {
        // After the list (role=listbox, which may hold only options), not in it.
        link = document.createElement("a");
        link.className = "scl-all-results";
        dropdown.insertBefore(link, dropdown.querySelector(".pf-searchbox-status"));
      }
      var term = (header.searchTerm || "").trim();
      var count = found && found.results ? found.results.length : 0;
      link.hidden = !term || !count;
      link.href = resultsAddress(term);
      link.textContent = "Alle resultaten voor \u201c" + term + "\u201d (" + count + ")";
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
