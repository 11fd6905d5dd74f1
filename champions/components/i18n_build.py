"""The build's part of the translations (champions/components/i18n.py): the browser's small
runtime and one catalogue module per language, written into Reflex's build by a plugin. Kept
apart from the components so that rxconfig.py can load it without the app's states."""

import json
from pathlib import Path

import reflex as rx

from champions.infra.translations import (
    CONTEXT_SEPARATOR,
    LANGUAGE_COOKIE,
    LANGUAGES,
    PSEUDO_LANGUAGE,
    RIGHT_TO_LEFT,
    SHOWN_LANGUAGE_COOKIE,
    SOURCE_LANGUAGE,
    catalogue,
    pseudo_language_enabled,
)

_RUNTIME_PATH = Path("utils/champions_i18n.js")

_RUNTIME = """// Champions' texts in the viewer's language (champions/components/i18n.py writes this file).
const loaders = {LOADERS};
const rightToLeft = new Set({RTL});
const catalogues = {SOURCE: {texts: {}, plurals: {}}};
let current = "SOURCE_CODE"; // the language whose catalogue this page has in use
const placeholder = /\\{([A-Za-z_][A-Za-z0-9_]*)\\}/g;

// In a right-to-left language, each value is isolated (U+2068 … U+2069), so a date, an email or
// a name in another script keeps its own direction instead of scrambling the sentence around it.
const fill = (text, values, language) =>
  values
    ? text.replace(placeholder, (match, name) => {
        if (!Object.prototype.hasOwnProperty.call(values, name)) return match;
        const value = String(values[name]);
        return rightToLeft.has(language) ? "\\u2068" + value + "\\u2069" : value;
      })
    : text;

export function translate(msgid, language, values) {
  const catalogue = catalogues[language];
  return fill((catalogue && catalogue.texts[msgid]) || msgid, values, language);
}

// A text whose msgid alone is ambiguous, told apart by its context (msgctxt): "Score" on a
// button (a verb) and in a column header (a noun).
export function translateContext(context, msgid, language, values) {
  const catalogue = catalogues[language];
  return fill((catalogue && catalogue.texts[context + SEPARATOR + msgid]) || msgid, values, language);
}

export function translatePlural(singular, plural, count, language, values) {
  const catalogue = catalogues[language];
  const forms = catalogue && catalogue.plurals[singular];
  let text = forms ? forms[new Intl.PluralRules(language).select(Number(count))] : undefined;
  if (!text) text = new Intl.PluralRules("en").select(Number(count)) === "one" ? singular : plural;
  return fill(text, {count, ...(values || {})}, language);
}

// The document's title in the language. Reflex writes each route's title at build time, in
// English ("Log in · Smart City Champions"); each of its parts is a catalogue text (the program's
// name is not in it and stays). Done when the language changes and whenever the page's head
// changes (a new route's title).
let englishTitle = "";
let shownTitle = null;
function retitle() {
  if (document.title !== shownTitle) englishTitle = document.title; // a route's own title
  shownTitle = englishTitle.split(" · ").map((part) => translate(part, current)).join(" · ");
  if (document.title !== shownTitle) document.title = shownTitle;
}

// Shows the language from now on: marks the document's language and direction and tells the
// server which catalogue is in use (a cookie, read with the page's first event).
function show(language) {
  current = language;
  document.documentElement.lang = language;
  document.documentElement.dir = rightToLeft.has(language) ? "rtl" : "ltr";
  document.cookie = "SHOWN_COOKIE=" + language + "; path=/; max-age=31536000; samesite=lax";
  retitle();
}

// Loads the language's catalogue (once), shows it, and answers the language now usable
// (English for an unknown one).
export async function load(language) {
  if (!catalogues[language]) {
    if (!loaders[language]) language = "SOURCE_CODE";
    else catalogues[language] = (await loaders[language]()).default;
  }
  show(language);
  return language;
}

// Shows a language whose catalogue the page has already imported (the page's first script
// imports the one this browser chose: champions/components/first_paint.py), at once.
export function use(language, catalogue) {
  if (!loaders[language] || !catalogue) return;
  catalogues[language] = catalogue;
  show(language);
}

if (typeof window !== "undefined") {
  window.championsI18n = {load, use, current: () => current};
  new MutationObserver(retitle).observe(document.head, {subtree: true, childList: true, characterData: true});
  show(current); // a new page starts in English, whatever an earlier page showed
  // Without the first script's import (a development build), the language this browser chose
  // is loaded at once all the same, not only once the server has been asked.
  const chosen = /(?:^|; )COOKIE=([^;]*)/.exec(document.cookie);
  if (chosen && loaders[chosen[1]]) load(chosen[1]);
}
"""


def _built_languages() -> list[str]:
    """The languages with a catalogue module: the offered ones but English, and the tests'
    pseudo-language where it is enabled (never offered in the switcher)."""
    others = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
    return [*others, PSEUDO_LANGUAGE] if pseudo_language_enabled() else others


def runtime_script() -> str:
    loaders = ", ".join(f'"{code}": () => import("./i18n/{code}.js")' for code in _built_languages())
    loaders = "{" + loaders + "}"
    return (
        _RUNTIME.replace("{LOADERS}", loaders)
        .replace("SEPARATOR", json.dumps(CONTEXT_SEPARATOR))
        .replace("{RTL}", json.dumps(sorted(RIGHT_TO_LEFT)))
        .replace("{SOURCE:", f"{{{SOURCE_LANGUAGE}:")
        .replace("SOURCE_CODE", SOURCE_LANGUAGE)
        .replace("(?:^|; )COOKIE=", f"(?:^|; ){LANGUAGE_COOKIE}=")
        .replace("SHOWN_COOKIE=", f"{SHOWN_LANGUAGE_COOKIE}=")
    )


def catalogue_module(language: str) -> str:
    """The language's catalogue as a script module (what the browser of a viewer of it loads)."""
    found = catalogue(language)
    data = {"texts": found.texts, "plurals": found.plurals}
    return "export default " + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"


class TranslationsPlugin(rx.plugins.Plugin):
    """Writes the runtime and one catalogue module per language into the build."""

    def get_static_assets(self, **context):
        assets = [(_RUNTIME_PATH, runtime_script())]
        for code in _built_languages():
            assets.append((Path(f"utils/i18n/{code}.js"), catalogue_module(code)))
        return assets
