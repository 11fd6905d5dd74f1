() => {
  const problems = [];
  // One h1 for the page; an open modal dialog is a context of its own (the page under it is
  // inert), and Radix renders its title as an h1.
  const h1 = [...document.querySelectorAll("h1")].filter((h) => !h.closest("[role=dialog], [role=alertdialog]"));
  if (h1.length !== 1) problems.push(`${h1.length} h1 elements`);
  let last = 0;
  for (const h of document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6, [role=dialog] h1, [role=dialog] h2, [role=dialog] h3, [role=dialog] h4, [role=alertdialog] h2")) {
    const level = Number(h.tagName[1]);
    if (h.closest("[role=dialog], [role=alertdialog]")) continue;
    if (level > last + 1) problems.push(`h${level} "${h.textContent.trim().slice(0, 40)}" after h${last}`);
    last = level;
  }
  for (const landmark of ["header", "nav", "main", "footer"])
    if (document.querySelectorAll(landmark).length < 1) problems.push(`no <${landmark}>`);
  if (document.querySelectorAll("main").length !== 1) problems.push("more than one <main>");
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  if (!document.title.trim()) problems.push("no title");
  const first = document.querySelector("body a[href], body button, body input, body select, body textarea");
  if (!first || !(first.getAttribute("href") || "").endsWith("#main")) problems.push("the first focusable element is not the skip link");
  return problems;
}
