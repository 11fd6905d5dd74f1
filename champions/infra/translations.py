"""Translations: the interface's texts in English (the source) and each offered language, from
gettext catalogues (`champions/locale/<language>/LC_MESSAGES/messages.po`, managed with Babel's
`pybabel extract/update/compile`; `make translations`).

A text is its English wording (the msgid). Texts with values name them in braces (`{count}`),
never by concatenation, so a translation may put them where its grammar wants. Plurals follow
CLDR's rules for the language (Arabic has six forms: zero, one, two, few, many, other).

The catalogues are read once per process from the `.po` files (Babel's reader), so what the
backend sends (emails, reasons) and what the browser shows (the same catalogue turned into a
script module per language by champions/components/i18n.py) can never disagree with a stale
compiled file."""

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
# Each language by its own name (what a speaker looks for in the switcher), in this order.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ko": "한국어",
    "es": "Español",
    "fr": "Français",
    "ar": "العربية",
}
RIGHT_TO_LEFT = frozenset({"ar"})
# This browser's choice of language (champions/state/language.py), also read by the server's
# own pages and by each page's first script (champions/components/first_paint.py).
LANGUAGE_COOKIE = "champions_lang"
# The language whose catalogue the page in this browser has in use, kept by the page's script
# (champions/components/i18n_build.py) so that the server knows it from the page's first event.
SHOWN_LANGUAGE_COOKIE = "champions_shown"
# A language for tests only: every text of the catalogue wrapped in ⟦…⟧, so a walk of the pages
# in it finds each visible text that is not from the catalogue (tests/e2e/test_every_language.py).
# It exists only where CHAMPIONS_PSEUDO_LANGUAGE=1 (the browser tests' app, at build and run
# time) and is never in the switcher; its formats are English's ("en-XA", as Android and Chrome
# name their pseudo-locale).
PSEUDO_LANGUAGE = "en-XA"
PSEUDO_START, PSEUDO_END = "⟦", "⟧"
# A text with a context (pgettext's msgctxt, `tc("column header", "Score")`) is kept under
# "context␄msgid", as GNU gettext keys it.
CONTEXT_SEPARATOR = "\x04"
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def N_(msgid: str) -> str:
    """Marks a text for the catalogue where it is kept as data (a menu's labels) and translated
    where it is shown."""
    return msgid


def pseudo_language_enabled() -> bool:
    return os.environ.get("CHAMPIONS_PSEUDO_LANGUAGE") == "1"


def is_language(value) -> bool:
    return isinstance(value, str) and (
        value in LANGUAGES or (value == PSEUDO_LANGUAGE and pseudo_language_enabled())
    )


def context_key(context: str, msgid: str) -> str:
    """The catalogue's key of a text with a context."""
    return f"{context}{CONTEXT_SEPARATOR}{msgid}"


def babel_locale(language: str) -> str:
    """The Babel/CLDR locale whose formats the language uses (the pseudo-language: English's)."""
    return SOURCE_LANGUAGE if language == PSEUDO_LANGUAGE else language


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def placeholders(text: str) -> set[str]:
    """The names in braces of a text (`{count}`)."""
    return set(_PLACEHOLDER.findall(text))


def fill(text: str, values: dict) -> str:
    """The text with each `{name}` it has a value for replaced (plain substitution: no format
    mini-language, so a value can never reach into anything)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def plural_category(language: str, count: int) -> str:
    """CLDR's plural category of `count` in the language: zero, one, two, few, many or other."""
    return _locale(language).plural_form(abs(count))


@dataclass(frozen=True)
class Catalogue:
    """One language's translations: msgid → text, and for plurals msgid → {category: text}."""

    language: str
    texts: dict[str, str]
    plurals: dict[str, dict[str, str]]

    def text(self, msgid: str, context: str = "") -> str:
        return self.texts.get(context_key(context, msgid) if context else msgid) or msgid

    def plural(self, singular: str, plural: str, count: int) -> str:
        forms = self.plurals.get(singular)
        category = plural_category(self.language, count)
        if forms and forms.get(category):
            return forms[category]
        return singular if plural_category(SOURCE_LANGUAGE, count) == "one" else plural


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(babel_locale(language))


def plural_tags(language: str) -> tuple[str, ...]:
    """The language's plural categories in gettext's order (the order of msgstr[0], [1] …)."""
    order = ("zero", "one", "two", "few", "many", "other")
    tags = _locale(language).plural_form.tags | {"other"}
    return tuple(tag for tag in order if tag in tags)


def catalogue(language: str) -> Catalogue:
    """The language's catalogue (empty for English, the source; read once per process)."""
    if language == PSEUDO_LANGUAGE and is_language(language):
        return _pseudo_catalogue()
    return _catalogue(language)


@functools.cache
def _catalogue(language: str) -> Catalogue:
    if language == SOURCE_LANGUAGE or not is_language(language):
        return Catalogue(SOURCE_LANGUAGE, {}, {})
    with po_path(language).open("rb") as handle:
        po = read_po(handle, locale=language)
    texts: dict[str, str] = {}
    plurals: dict[str, dict[str, str]] = {}
    tags = plural_tags(language)
    for message in po:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            plurals[message.id[0]] = {tag: text for tag, text in zip(tags, forms, strict=False) if text}
        elif message.string:
            texts[_key(message)] = message.string
    return Catalogue(language, texts, plurals)


def _key(message) -> str:
    return context_key(message.context, message.id) if message.context else message.id


@functools.cache
def _pseudo_catalogue() -> Catalogue:
    """Every msgid of the template (`champions/locale/messages.pot`), wrapped in the markers."""
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as handle:
        pot = read_po(handle)
    texts: dict[str, str] = {}
    plurals: dict[str, dict[str, str]] = {}
    wrap = f"{PSEUDO_START}{{}}{PSEUDO_END}".format
    for message in pot:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            plurals[message.id[0]] = {"one": wrap(message.id[0]), "other": wrap(message.id[1])}
        else:
            texts[_key(message)] = wrap(message.id)
    return Catalogue(PSEUDO_LANGUAGE, texts, plurals)


def gettext(language: str, msgid: str, **values) -> str:
    """The text in the language (English when it has no translation), its values filled in."""
    return fill(catalogue(language).text(msgid), values)


def pgettext(language: str, context: str, msgid: str, **values) -> str:
    """gettext for a text whose msgid alone is ambiguous ("Score": a verb on a button, a noun
    in a column header), told apart by its context (msgctxt)."""
    return fill(catalogue(language).text(msgid, context), values)


def ngettext(language: str, singular: str, plural: str, count: int, **values) -> str:
    """The form of the text for `count` in the language; `{count}` and the values filled in."""
    return fill(catalogue(language).plural(singular, plural, count), {"count": count, **values})


def negotiate(accept_language: str) -> str:
    """The offered language a browser's Accept-Language header prefers most (English when it
    names none of them). `ko-KR,ko;q=0.9,en;q=0.8` → ko."""
    preferred: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "")[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            preferred.append((-quality, position, tag.strip().replace("_", "-")))
    for _, _, tag in sorted(preferred):
        base = tag.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return SOURCE_LANGUAGE
