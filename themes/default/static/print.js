// The plan page's 打印 button: shown only when this script runs (it is hidden without
// JavaScript, where it could do nothing), and prints the page in its official-document layout.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
