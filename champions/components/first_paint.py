"""Paint first, then start the app: each prerendered page fetches Reflex's scripts once the
browser has painted it, not while the page's stylesheet is still on its way.

Why: the build's pages are prerendered, readable before any script runs, but React Router's
document asks for the ~20 script modules of the bundle (React, React Router, Emotion, the
Socket.IO client, the page's own module: about 180 KiB brotli) from its head, at once. On a
slow mobile link (Lighthouse's mobile preset: 1.6 Mbps, 150 ms round trips) those requests
share the bandwidth and the browser's six connections with the one stylesheet the first paint
waits for, so the text appeared only after most of the bundle had arrived. Started after the
first paint, the same modules load in the same parallel way (the same modulepreload links, added
then), and the page is readable sooner; it becomes interactive at about the same moment, since
the bytes to fetch are the same. With them, the catalogue of the language this browser chose
(its language cookie), which the page would otherwise ask for only once it runs and has asked
the server which language to show: one more download in a row before the page speaks it.

`FirstPaintPlugin.post_build` rewrites every prerendered HTML file of the production build
(before Reflex compresses them); `paint_first` is the rewrite, a pure function on the page's
text. A hidden tab (opened in the background) paints nothing, so it starts at once.

The same plugin has the build put what every page runs (React, React Router, Emotion, Radix,
the Socket.IO client, Reflex's own state code: `SHELL_MODULES`) into one script, the shell,
instead of the ~20 small scripts the bundler would cut it into by which pages share what: each
request costs a round trip on a slow network (six at a time over HTTP/1.1), which is what the
logged-in pages, waiting for their data, spent most on. The shell holds Radix's components of
every page (a few KiB more on the first visit of a public page) and is cached for a year like
every hashed script; the i18n runtime stays out of it, because it names the catalogues' hashed
files and changes with every translation."""

import json
import re
from pathlib import Path

import reflex as rx

from champions.infra.translations import LANGUAGE_COOKIE, LANGUAGES, PSEUDO_LANGUAGE

# React Router's <Scripts/>, as React DOM serialises it: hoisted preload links, then one
# inline module at the end of the body that imports the route modules and the entry.
MODULE_PRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]+)"/>')
ENTRY_MODULE = re.compile(r'<script type="module" async="">(.*?)</script>', re.DOTALL)
# The built i18n runtime's loaders (champions/components/i18n_build.py), as Vite writes them:
# `{ko:()=>__vitePreload(()=>import(`./ko-<hash>.js`),[]),"en-XA":…}` (names may be shortened).
LOADER = re.compile(r'"?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)"?:\(\)=>[\w$]+\(\(\)=>import\(`\./([\w.-]+\.js)`\)')

# Modules every page runs, by path: one chunk of the build (vite.config.js's codeSplitting groups).
SHELL_MODULES = (
    r"/node_modules[\\/](react|react-dom|scheduler|react-router|@react-router|@emotion|stylis|"
    r"hoist-non-react-statics|react-is|socket\.io-client|socket\.io-parser|engine\.io-client|"
    r"engine\.io-parser|@socket\.io|universal-cookie|cookie|react-helmet|react-fast-compare|"
    r"react-side-effect|object-assign|prop-types|sonner|react-error-boundary|@radix-ui|radix-ui|"
    r"@floating-ui|react-remove-scroll|react-remove-scroll-bar|react-style-singleton|"
    r"use-callback-ref|use-sidecar|aria-hidden|get-nonce|tslib|classnames|lucide-react)[\\/]"
    r"|[\\/]\.web[\\/]utils[\\/](state\.js|context\.jsx|context-registry\.js|react-theme\.js|"
    r"theme\.js|helpers[\\/])/"
)
_SHELL_GROUP = f"""
            {{
              test: {SHELL_MODULES},
              name: "shell",
              priority: 1,
            }},"""
_VITE_GROUPS = re.compile(r"codeSplitting:\s*\{\s*groups:\s*\[")


def with_shell_chunk(config: str) -> str:
    """Reflex's vite.config.js with the shell's group first among the build's chunk groups."""
    if '"shell"' in config:
        return config
    updated, found = _VITE_GROUPS.subn(lambda m: m.group(0) + _SHELL_GROUP, config, count=1)
    if not found:
        raise ValueError("vite.config.js has no `codeSplitting: { groups: [`: cannot add the shell chunk")
    return updated


# Runs where the module script was. requestAnimationFrame runs before the next frame is
# painted (and not before the render-blocking stylesheet has arrived); the timeout after it
# runs once that frame is out.
_STARTER = """<script>(function () {
  var started = false;
  function start() {
    if (started) return;
    started = true;
    var preloads = __PRELOADS__;
    var code = __ENTRY__;
    var chosen = /(?:^|; )__COOKIE__=([^;]*)/.exec(document.cookie);
    if (chosen && __CATALOGUES__.hasOwnProperty(chosen[1])) {
      // The chosen language's catalogue is part of the page's first module: it is in use
      // before React renders anything, so the page's first texts are already in it.
      var catalogue = __CATALOGUES__[chosen[1]];
      preloads.push(catalogue);
      code = "import * as chosenCatalogue from " + JSON.stringify(catalogue) + ";\\n" +
        "if (window.championsI18n) window.championsI18n.use(" + JSON.stringify(chosen[1]) +
        ", chosenCatalogue.default);\\n" + code;
    }
    preloads.forEach(function (href) {
      var link = document.createElement("link");
      link.rel = "modulepreload";
      link.href = href;
      document.head.appendChild(link);
    });
    var entry = document.createElement("script");
    entry.type = "module";
    entry.textContent = code;
    document.body.appendChild(entry);
  }
  if (document.visibilityState === "hidden") {
    start();
  } else {
    document.addEventListener("visibilitychange", start, { once: true });
    requestAnimationFrame(function () { setTimeout(start, 0); });
  }
})();</script>"""


def _script_literal(value) -> str:
    """`value` as a JavaScript literal that is safe inside an HTML <script> element."""
    return json.dumps(value).replace("</", "<\\/").replace("<!--", "<\\!--")


def catalogue_addresses(runtime_chunk: str) -> dict[str, str]:
    """Each language's catalogue module in the build, by language code, read from the built
    i18n runtime ("/assets/ko-<hash>.js"). Raises ValueError when it names none."""
    found = {
        code: f"/assets/{name}"
        for code, name in LOADER.findall(runtime_chunk)
        if code in LANGUAGES or code == PSEUDO_LANGUAGE
    }
    if not found:
        raise ValueError("the built i18n runtime names no catalogue module")
    return found


def paint_first(html: str, catalogues: dict[str, str]) -> str:
    """The page with its script modules (and the chosen language's catalogue, from
    `catalogues`) started after its first paint.

    Raises ValueError when the page is not shaped as React Router writes it (no preload
    links, or not exactly one entry module): the build then fails rather than ship a page
    that never starts."""
    preloads = MODULE_PRELOAD.findall(html)
    entries = ENTRY_MODULE.findall(html)
    if not preloads or len(entries) != 1:
        raise ValueError(
            f"expected modulepreload links and one entry module, found {len(preloads)} and {len(entries)}"
        )
    starter = (
        _STARTER.replace("__COOKIE__", re.escape(LANGUAGE_COOKIE))
        .replace("__CATALOGUES__", _script_literal(catalogues))
        .replace("__PRELOADS__", _script_literal(preloads))
        .replace("__ENTRY__", _script_literal(entries[0]))
    )
    html = MODULE_PRELOAD.sub("", html)
    return ENTRY_MODULE.sub(lambda _: starter, html)


def rewrite_pages(static_dir: Path) -> int:
    """Rewrite every prerendered page under `static_dir` in place; returns how many."""
    runtimes = [
        chunk
        for chunk in (static_dir / "assets").glob("*.js")
        if "championsI18n={" in chunk.read_text(encoding="utf-8", errors="replace")
    ]
    if len(runtimes) != 1:
        raise ValueError(f"expected the i18n runtime in one script of the build, found {len(runtimes)}")
    catalogues = catalogue_addresses(runtimes[0].read_text(encoding="utf-8"))
    pages = sorted(static_dir.rglob("*.html"))
    for page in pages:
        page.write_text(paint_first(page.read_text(encoding="utf-8"), catalogues), encoding="utf-8")
    return len(pages)


class FirstPaintPlugin(rx.plugins.Plugin):
    """Groups the shell's modules into one script (`with_shell_chunk`) and applies
    `paint_first` to the production build's pages (before they are compressed)."""

    def pre_compile(self, **context) -> None:
        context["add_modify_task"]("vite.config.js", with_shell_chunk)

    def post_build(self, **context) -> None:
        rewrite_pages(context["static_dir"])
