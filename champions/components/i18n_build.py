"""The build's part of the translations (champions/components/i18n.py): the browser's small
runtime and one catalogue module per language, written into Reflex's build by a plugin. Kept
apart from the components so that rxconfig.py can load it without the app's states."""

import json
from pathlib import Path

import reflex as rx

from champions.infra.translations import LANGUAGES, RIGHT_TO_LEFT, SOURCE_LANGUAGE, catalogue

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

export function translatePlural(singular, plural, count, language, values) {
  const catalogue = catalogues[language];
  const forms = catalogue && catalogue.plurals[singular];
  let text = forms ? forms[new Intl.PluralRules(language).select(Number(count))] : undefined;
  if (!text) text = new Intl.PluralRules("en").select(Number(count)) === "one" ? singular : plural;
  return fill(text, {count, ...(values || {})}, language);
}

// Loads the language's catalogue (once), marks the document's language and direction, and
// answers the language now usable (English for an unknown one).
export async function load(language) {
  if (!catalogues[language]) {
    if (!loaders[language]) language = "SOURCE_CODE";
    else catalogues[language] = (await loaders[language]()).default;
  }
  current = language;
  document.documentElement.lang = language;
  document.documentElement.dir = rightToLeft.has(language) ? "rtl" : "ltr";
  return language;
}

if (typeof window !== "undefined") window.championsI18n = {load, current: () => current};
"""


def runtime_script() -> str:
    others = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
    loaders = "{" + ", ".join(f'{code}: () => import("./i18n/{code}.js")' for code in others) + "}"
    return (
        _RUNTIME.replace("{LOADERS}", loaders)
        .replace("{RTL}", json.dumps(sorted(RIGHT_TO_LEFT)))
        .replace("{SOURCE:", f"{{{SOURCE_LANGUAGE}:")
        .replace("SOURCE_CODE", SOURCE_LANGUAGE)
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
        for code in LANGUAGES:
            if code != SOURCE_LANGUAGE:
                assets.append((Path(f"utils/i18n/{code}.js"), catalogue_module(code)))
        return assets
