"""The first visit on a slow network (champions/components/first_paint.py): each prerendered
page starts its scripts once painted, with the chosen language's catalogue imported before
anything renders; the build's shell chunk."""

import json
import shutil
import subprocess

import pytest

from champions.components.first_paint import (
    catalogue_addresses,
    paint_first,
    rewrite_pages,
    with_shell_chunk,
)

# A page as React Router and React DOM write it (shortened).
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>'
    '<link rel="modulepreload" href="/assets/manifest-43a4febb.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-B-0BE8AM.js"/>'
    '<link rel="modulepreload" href="/assets/shell-CTscA-xy.js"/>'
    '<link href="/assets/__reflex_global_styles-BR3mVvvL.css" rel="stylesheet" type="text/css"/>'
    "</head><body><main><h1>My application</h1></main>"
    "<script>window.__reactRouterContext = {};</script>"
    '<script type="module" async="">import "/assets/manifest-43a4febb.js";\n'
    'import * as route0 from "/assets/root-HlptXqOJ.js";\n'
    'window.__reactRouterRouteModules = {"root":route0};\n'
    'import("/assets/entry.client-B-0BE8AM.js");</script>'
    '<script>$RC("B:0","S:0")</script></body></html>'
)
CATALOGUES = {"ko": "/assets/ko-C2C9ZwdQ.js", "ar": "/assets/ar-CQ1LSKg_.js"}


def test_the_page_keeps_its_content_and_loses_its_early_script_requests():
    page = paint_first(PAGE, CATALOGUES)
    assert "modulepreload" not in page.split("<body>")[0]
    assert '<script type="module"' not in page
    assert "<main><h1>My application</h1></main>" in page
    assert '<link href="/assets/__reflex_global_styles-BR3mVvvL.css" rel="stylesheet"' in page
    assert page.endswith('<script>$RC("B:0","S:0")</script></body></html>')
    # The entry module's text is carried as a string that cannot end the <script> early.
    assert (
        "</script>"
        not in paint_first(PAGE.replace("route0};", "route0, x: '</script>'};"), CATALOGUES)
        .split("<script>(function")[1]
        .split("})();</script>")[0]
    )


@pytest.mark.parametrize("broken", [PAGE.replace('<script type="module" async="">', "<script>"), PAGE * 2])
def test_a_page_not_shaped_as_expected_fails_the_build(broken):
    with pytest.raises(ValueError, match="one entry module"):
        paint_first(broken, CATALOGUES)


def _run_starter(page: str, cookie: str, visibility: str = "visible") -> dict:
    """Run the page's starter script in Node with a minimal document: what it adds, and when."""
    starter = page.split("<script>(function")[1].split("})();</script>")[0]
    harness = (
        """
const added = [];
const frames = [];
const element = (tag) => ({tag, set rel(v) {this._rel = v}, get rel() {return this._rel}});
globalThis.document = {
  cookie: COOKIE, visibilityState: VISIBILITY,
  createElement: element,
  head: {appendChild: (e) => added.push({where: "head", rel: e.rel, href: e.href})},
  body: {appendChild: (e) => added.push({where: "body", type: e.type, text: e.textContent})},
  addEventListener: () => {},
};
globalThis.requestAnimationFrame = (f) => frames.push(f);
const before = added.length;
(function STARTER})();
const beforePaint = added.length;
frames.forEach((f) => f());
setTimeout(() => console.log(JSON.stringify({beforePaint, added})), 5);
""".replace("COOKIE", json.dumps(cookie))
        .replace("VISIBILITY", json.dumps(visibility))
        .replace("STARTER", starter)
    )
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node on PATH")
    result = subprocess.run([node, "-e", harness], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(result.stdout)


def test_the_scripts_start_after_the_first_paint_with_the_same_preloads():
    ran = _run_starter(paint_first(PAGE, CATALOGUES), cookie="champions_session=abc")
    assert ran["beforePaint"] == 0
    links = [a["href"] for a in ran["added"] if a["where"] == "head"]
    assert links == [
        "/assets/manifest-43a4febb.js",
        "/assets/entry.client-B-0BE8AM.js",
        "/assets/shell-CTscA-xy.js",
    ]
    (entry,) = [a for a in ran["added"] if a["where"] == "body"]
    assert entry["type"] == "module"
    assert entry["text"].startswith('import "/assets/manifest-43a4febb.js";')
    assert entry["text"].endswith('import("/assets/entry.client-B-0BE8AM.js");')


def test_the_chosen_language_is_imported_and_in_use_before_the_entry_runs():
    ran = _run_starter(paint_first(PAGE, CATALOGUES), cookie="champions_session=abc; champions_lang=ar")
    assert [a["href"] for a in ran["added"] if a["where"] == "head"][-1] == "/assets/ar-CQ1LSKg_.js"
    (entry,) = [a for a in ran["added"] if a["where"] == "body"]
    assert entry["text"].startswith(
        'import * as chosenCatalogue from "/assets/ar-CQ1LSKg_.js";\n'
        'if (window.championsI18n) window.championsI18n.use("ar", chosenCatalogue.default);\n'
        'import "/assets/manifest-43a4febb.js";'
    )


@pytest.mark.parametrize("cookie", ["champions_lang=xx", 'champions_lang=ko"', "other_champions_lang=ko"])
def test_a_language_cookie_naming_no_catalogue_imports_nothing(cookie):
    ran = _run_starter(paint_first(PAGE, CATALOGUES), cookie=cookie)
    (entry,) = [a for a in ran["added"] if a["where"] == "body"]
    assert "chosenCatalogue" not in entry["text"]
    assert len([a for a in ran["added"] if a["where"] == "head"]) == 3


def test_a_hidden_tab_starts_at_once():
    ran = _run_starter(paint_first(PAGE, CATALOGUES), cookie="", visibility="hidden")
    assert ran["beforePaint"] == 4


def test_the_catalogues_are_read_from_the_built_runtime():
    minified = (
        "let s=1,a={ko:()=>i(()=>import(`./ko-C2C9ZwdQ.js`),[]),es:()=>i(()=>import(`./es-WekaSSIE.js`),[]),"
        '"en-XA":()=>i(()=>import(`./en-XA-x1.js`),[]),icons:()=>i(()=>import(`./icons-B.js`),[])},'
        "c=new Set([`ar`]);window.championsI18n={load:o}"
    )
    assert catalogue_addresses(minified) == {
        "ko": "/assets/ko-C2C9ZwdQ.js",
        "es": "/assets/es-WekaSSIE.js",
        "en-XA": "/assets/en-XA-x1.js",
    }
    with pytest.raises(ValueError, match="names no catalogue"):
        catalogue_addresses("window.championsI18n={load:o}")


def test_every_page_of_a_build_is_rewritten(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "champions_i18n-BS2XdYx6.js").write_text(
        "a={ko:()=>i(()=>import(`./ko-C2C9ZwdQ.js`),[])};window.championsI18n={load:o}"
    )
    (tmp_path / "assets" / "page-x.js").write_text("window.championsI18n.load(`ko`)")
    for name in ("index.html", "register.html", "register/index.html"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(PAGE)
    assert rewrite_pages(tmp_path) == 3
    assert all('"ko": "/assets/ko-C2C9ZwdQ.js"' in p.read_text() for p in tmp_path.rglob("*.html"))


VITE_CONFIG = """export default defineConfig((config) => ({
  build: {
    rollupOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              test: /env.json/,
              name: "reflex-env",
            },
          ],
        },
      },
    },
  },
}));"""


def test_the_shell_group_is_added_once_before_reflex_own():
    config = with_shell_chunk(VITE_CONFIG)
    assert config.index('name: "shell"') < config.index('name: "reflex-env"')
    assert with_shell_chunk(config) == config
    assert "react-dom|scheduler|react-router" in config
    with pytest.raises(ValueError, match="codeSplitting"):
        with_shell_chunk("export default {}")
