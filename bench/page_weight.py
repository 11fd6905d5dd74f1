"""Benchmark 7: the first load of the landing and registration pages in headless Chromium (a
fresh browser context, so nothing is cached): bytes transferred over the network (compressed
where the server compresses), number of requests, and time to first contentful paint on
loopback."""

import shutil


def page_weight(url: str, paths: tuple[str, ...] = ("/", "/register")) -> dict:
    from playwright.sync_api import sync_playwright

    figures = {}
    with sync_playwright() as playwright:
        executable = shutil.which("chromium")
        browser = playwright.chromium.launch(
            **({"executable_path": executable} if executable else {}), args=["--no-sandbox"]
        )
        for path in paths:
            context = browser.new_context()
            page = context.new_page()
            page.goto(url + path, wait_until="networkidle")
            entries = page.evaluate("""() => {
                const nav = performance.getEntriesByType('navigation')[0];
                const resources = performance.getEntriesByType('resource');
                const paint = performance.getEntriesByName('first-contentful-paint')[0];
                return {bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
                        requests: 1 + resources.length, fcp: paint ? paint.startTime : null};
            }""")
            figures[path] = entries
            context.close()
        browser.close()
    return figures
