// Renders every Mermaid block on the page, again after each htmx swap.
(function () {
  "use strict";
  function renderDiagrams() {
    if (!window.mermaid) return;
    window.mermaid.run({ querySelector: ".mermaid:not([data-processed])" });
  }
  function start() {
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "neutral",
      fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
      flowchart: { htmlLabels: true, useMaxWidth: true, curve: "basis" },
    });
    renderDiagrams();
    document.body.addEventListener("htmx:afterSettle", renderDiagrams);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
