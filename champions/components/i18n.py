"""The interface's texts in the viewer's language, in the browser.

Reflex compiles every page to a script at build time, so a text cannot be looked up on the
server for each viewer without keeping a copy of the catalogue per connected client (its
states are per client). Instead:

- each language's catalogue becomes a script module of its own (`utils/i18n/<language>.js`,
  written into the build by `TranslationsPlugin`, champions/components/i18n_build.py); the
  bundler names it by a hash of its content like every script, so it is cached for a year
  and fetched only by the viewers of that language (English, the source, has none: its
  texts are the msgids themselves);
- a text in a page is `t("Log in")`: a call of the small runtime `translate(msgid, language)`
  with the viewer's language, `LanguageState.lang`, so every text re-renders when it changes
  and nothing typed in a form is lost;
- `LanguageState.lang` changes only after the browser has loaded that language's module
  (`load`, champions/state/language.py), so a text is never shown before its translation is
  there; the server keeps only the language's code per client.
"""

import reflex as rx
from reflex_base.utils.imports import ImportVar
from reflex_base.vars.base import VarData
from reflex_base.vars.function import FunctionStringVar

from champions.infra.translations import LANGUAGES
from champions.state.language import LanguageState, showing_then_apply

_RUNTIME_MODULE = "$/utils/champions_i18n"  # written by champions/components/i18n_build.py


def _function(name: str) -> FunctionStringVar:
    return FunctionStringVar.create(name, _var_data=VarData(imports={_RUNTIME_MODULE: [ImportVar(tag=name)]}))


def t(msgid: str, **values) -> rx.Var[str]:
    """The text in the viewer's language; `{name}` in it is filled from `values` (plain
    values or vars). The English text is the msgid, found by `pybabel extract` (keyword t)."""
    args = [msgid, LanguageState.lang]
    if values:
        args.append(rx.Var.create(values))
    return _function("translate").call(*args).to(str)


def tc(context: str, msgid: str, **values) -> rx.Var[str]:
    """t() for a text whose msgid alone is ambiguous (pgettext): "Score" on a button (a verb)
    and in a column header (a noun) are two texts of the catalogue, told apart by their context,
    which translators see as msgctxt (keyword tc:1c,2)."""
    args = [context, msgid, LanguageState.lang]
    if values:
        args.append(rx.Var.create(values))
    return _function("translateContext").call(*args).to(str)


def t_var(msgid: rx.Var[str]) -> rx.Var[str]:
    """The translation of a text held in a var (a state's message, an option's label) whose
    every possible value is a catalogue text, marked N_("…") where it is written."""
    return _function("translate").call(msgid, LanguageState.lang).to(str)


def tn(singular: str, plural: str, count, **values) -> rx.Var[str]:
    """The form of the text for `count` by the CLDR plural rules of the viewer's language;
    `{count}` is filled in (keyword tn:1,2)."""
    args = [singular, plural, count, LanguageState.lang]
    if values:
        args.append(rx.Var.create(values))
    return _function("translatePlural").call(*args).to(str)


def language_switcher() -> rx.Component:
    """The language menu of the header (before and after login): a labelled native select,
    each language named in its own script and marked with its `lang`."""
    return rx.el.div(
        rx.el.label(t("Language"), html_for="language-switcher", class_name="language-label"),
        rx.el.select(
            *[rx.el.option(name, value=code, lang=code) for code, name in LANGUAGES.items()],
            id="language-switcher",
            value=LanguageState.lang,
            on_change=LanguageState.choose,
            class_name="language-select",
        ),
        on_mount=showing_then_apply(),
        class_name="language-switcher",
    )
