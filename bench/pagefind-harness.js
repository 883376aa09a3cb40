// Runs Pagefind's own search on every query of harness-input.js (window.HARNESS.queries) in one
// page load, and writes each query's result count and result addresses, best first, as JSON in
// <pre id="out">. Each result's address comes from its fragment, as Pagefind's UI would show it.
const input = window.HARNESS || { queries: [] };
const out = { queries: [] };
const pre = document.getElementById("out");
try {
  const pagefind = await import("./pagefind/pagefind.js");
  await pagefind.init();
  for (const q of input.queries) {
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.slice(0, input.fetch || 20).map((r) => r.data()));
    out.queries.push({ query: q, count: search.results.length, hits: data.map((d) => d.url) });
  }
} catch (e) {
  out.error = String(e);
}
pre.textContent = JSON.stringify(out);
pre.setAttribute("data-done", "1");
