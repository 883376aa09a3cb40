// Loads the page named by ?page= into the frame, and keeps what axe-run.js reports from it.
window.addEventListener("message", function (event) {
  document.documentElement.setAttribute("data-axe", String(event.data));
});
document.getElementById("page").src = decodeURIComponent(location.search.replace(/^\?page=/, ""));
