() => {
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth + 1)
    problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
  const width = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll("main *, header *, footer *")) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= width + 1) continue;
    let scroller = el.parentElement, inScroller = false;
    while (scroller && scroller !== document.body) {
      const overflow = getComputedStyle(scroller).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && scroller.getBoundingClientRect().right <= width + 1) {
        inScroller = true; break;
      }
      scroller = scroller.parentElement;
    }
    if (!inScroller) problems.push(`cut off: <${el.tagName.toLowerCase()}> "${(el.textContent || "").trim().slice(0, 30)}" ends at ${Math.round(r.right)} px`);
    if (problems.length > 5) break;
  }
  const targets = [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=checkbox], [role=radio], [role=tab]")]
    .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden");
  const boxes = targets.map((el) => el.getBoundingClientRect());
  targets.forEach((el, i) => {
    const r = boxes[i];
    if (r.width >= 24 && r.height >= 24) return;
    if (el.classList.contains("skip-link")) return;
    // Inline links in running text are exempt (2.5.8 "Inline").
    if (el.tagName === "A" && getComputedStyle(el).display === "inline") return;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const clash = boxes.some((o, j) => j !== i && !targets[j].contains(el) && !el.contains(targets[j]) &&
      Math.max(o.left - cx, 0, cx - o.right) ** 2 + Math.max(o.top - cy, 0, cy - o.bottom) ** 2 < 12 * 12);
    if (clash) problems.push(`target too small: <${el.tagName.toLowerCase()}> "${(el.getAttribute("aria-label") || el.textContent || el.id || "").trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  });
  return problems;
}
