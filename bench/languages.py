"""Benchmark 10: what each language costs (issue 24). For each offered language, a first visit
of `/` by a browser that asks for it (a fresh context, nothing cached): bytes and requests
once its texts show, against English in the same run; then the header's language menu
switched back and forth, timed in the page from the change to the translated header shown
(the server's answer, the catalogue's module when not yet loaded, React's re-render)."""

import shutil
import statistics

from champions.infra.translations import LANGUAGES, SOURCE_LANGUAGE, gettext

_SWITCH = """async ([language, expected]) => {
  const select = document.getElementById('language-switcher');
  const started = performance.now();
  select.value = language;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  await new Promise((resolve) => {
    const shown = () => document.documentElement.lang === language
      && document.querySelector('header nav a')?.textContent === expected;
    const check = () => (shown() ? resolve() : requestAnimationFrame(check));
    check();
  });
  return performance.now() - started;
}"""

_BYTES = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  // (the favicon comes whenever the browser gets to it: left out of both sides)
  const resources = performance.getEntriesByType('resource').filter((r) => !r.name.endsWith('/favicon.ico'));
  return {bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
          requests: 1 + resources.length};
}"""


def language_cost(url: str, switches: int = 20) -> dict[str, dict]:
    """{language: {bytes, requests, switch_p50_ms, switch_p95_ms}}."""
    from playwright.sync_api import sync_playwright

    figures: dict[str, dict] = {}
    with sync_playwright() as playwright:
        executable = shutil.which("chromium")
        browser = playwright.chromium.launch(
            **({"executable_path": executable} if executable else {}), args=["--no-sandbox"]
        )
        for language in LANGUAGES:
            context = browser.new_context(locale=language)
            page = context.new_page()
            page.goto(url + "/", wait_until="networkidle")
            home = gettext(language, "Home")
            page.wait_for_function(
                "([l, t]) => document.documentElement.lang === l && "
                "document.querySelector('header nav a')?.textContent === t",
                arg=[language, home],
            )
            page.wait_for_load_state("networkidle")
            weight = page.evaluate(_BYTES)
            other = SOURCE_LANGUAGE if language != SOURCE_LANGUAGE else "ko"
            times = []
            for _ in range(switches):
                times.append(page.evaluate(_SWITCH, [other, gettext(other, "Home")]))
                times.append(page.evaluate(_SWITCH, [language, home]))
            times.sort()
            figures[language] = {
                **weight,
                "switch_p50_ms": statistics.median(times),
                "switch_p95_ms": times[int(0.95 * (len(times) - 1))],
            }
            context.close()
        browser.close()
    return figures
