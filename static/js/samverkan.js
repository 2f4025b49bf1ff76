// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // The main menu is a <details> that CSS shows open on wide screens; keep its state true to
  // what is shown, so assistive technology hears "expanded" where the menu is visible.
  var wide = window.matchMedia("(min-width: 60em)");
  function syncMenus() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (menu) {
      menu.open = wide.matches;
    });
  }
  // A table marked "stack" (and the month calendar) becomes one card per row on a phone: each cell is labelled by its
  // column header, and explicit roles keep it a table for screen readers once CSS changes its display.
  function labelStackedTables() {
    document.querySelectorAll("table.stack, table.month").forEach(function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      // the month calendar keeps its native table semantics (its caption holds the month's heading)
      var roles = !table.classList.contains("month");
      if (roles) table.setAttribute("role", "table");
      var caption = table.querySelector("caption");
      if (roles && caption) caption.setAttribute("role", "caption");
      if (roles) table.querySelectorAll("thead, tbody, tfoot").forEach(function (g) { g.setAttribute("role", "rowgroup"); });
      table.querySelectorAll("tr").forEach(function (tr) {
        if (roles) tr.setAttribute("role", "row");
        var column = 0;
        Array.prototype.forEach.call(tr.children, function (cell) {
          var isHeader = cell.tagName === "TH";
          var inHead = cell.parentElement.parentElement.tagName === "THEAD";
          if (roles) cell.setAttribute("role", inHead ? "columnheader" : isHeader ? "rowheader" : "cell");
          var label = cell.colSpan > 1 ? "" : headers[column];
          if (!inHead && label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
          column += cell.colSpan || 1;
        });
      });
      table.classList.add("stack-ready");
    });
  }
  // Escape closes an open menu and returns focus to its toggle, as a menu button would.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (menu.hasAttribute("data-open-wide") && wide.matches) return;
      menu.open = false;
      if (menu.contains(document.activeElement)) menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("DOMContentLoaded", function () {
    syncMenus();
    labelStackedTables();
    wide.addEventListener("change", syncMenus);
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
  document.addEventListener("htmx:afterSwap", labelStackedTables);
})();
