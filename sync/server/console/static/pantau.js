// Pantau console: keyboard shortcuts on pages that declare them (data-key on a link, button or field).
// A link opens; a button or a field gets the focus (Enter then acts), so no key changes data alone.
// Keys act only when the focus is not in a text field, so typing a comment never triggers them.
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  var element = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
  if (!element) return;
  event.preventDefault();
  if (element.tagName === "A") element.click();
  else element.focus();
});
// A button marked data-print prints the page (inline handlers are barred by the CSP).
document.addEventListener("click", function (event) {
  if (event.target && event.target.closest && event.target.closest("[data-print]")) window.print();
});
