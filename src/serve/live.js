// plansite preview: reloads the page when the site has been rebuilt. Added by `plansite serve`
// to every page it serves; never part of a built site.
(() => {
  const script = document.currentScript;
  const pageGeneration = script.dataset.generation;
  const events = new EventSource(script.src.replace(/live\.js(\?.*)?$/, "events"));
  events.addEventListener("reload", (event) => {
    if (event.data !== pageGeneration) {
      events.close();
      location.reload();
    }
  });
})();
