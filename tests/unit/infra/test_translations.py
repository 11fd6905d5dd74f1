"""The catalogues: complete in every offered language, placeholders kept, CLDR plurals."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from champions.components.i18n_build import catalogue_module, runtime_script
from champions.infra.translations import (
    LANGUAGES,
    PSEUDO_LANGUAGE,
    SOURCE_LANGUAGE,
    catalogue,
    context_key,
    direction,
    gettext,
    is_language,
    negotiate,
    ngettext,
    pgettext,
    placeholders,
    plural_tags,
    po_path,
)

ROOT = Path(__file__).resolve().parents[3]
TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


def _extracted() -> set[str]:
    """Every msgid of the code now (pybabel's own extraction, as `make translations` runs it)."""
    out = ROOT / "build-test-messages.pot"
    try:
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "t",
             "-k", "tn:1,2", "-k", "tc:1c,2", "-k", "N_", "-k", "gettext:2", "-k", "ngettext:2,3",
             "-k", "pgettext:2c,3", "-k", "Reason:2", "-k", "Plural:1,2", "--no-location",
             "-o", str(out), "champions"],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        with out.open("rb") as handle:
            return {_key(m) for m in read_po(handle) if m.id}
    finally:
        out.unlink(missing_ok=True)


def _key(message) -> str:
    """A message's key in Catalogue.texts/plurals: its msgid (the singular), "context␄msgid"
    with a context."""
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return context_key(message.context, msgid) if message.context else msgid


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    return _extracted()


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_of_the_code_is_translated(extracted, language):
    found = catalogue(language)
    missing = sorted(m for m in extracted if m not in found.texts and m not in found.plurals)
    assert not missing, (
        f"{language}: untranslated or missing from {po_path(language)} (make translations): {missing}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_plural_has_all_of_the_languages_forms(language):
    with po_path(language).open("rb") as handle:
        po = read_po(handle, locale=language)
    assert po.num_plurals == len(plural_tags(language))
    for message in po:
        if isinstance(message.id, tuple):
            assert all(message.string), f"{language}: {message.id[0]!r} lacks a plural form"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_of_their_msgid(language):
    with po_path(language).open("rb") as handle:
        po = read_po(handle, locale=language)
    for message in po:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*(placeholders(i) for i in ids))
        for text in strings:
            # A plural form may leave {count} out where the language says the number in words
            # (Arabic's "one" and "two"); no other name may be dropped or added.
            assert placeholders(text) <= wanted, f"{language}: {message.id!r} → {text!r}"
            assert wanted - {"count"} <= placeholders(text), f"{language}: {message.id!r} → {text!r}"


def test_no_text_of_the_interface_is_built_by_concatenation():
    """t("…" + x) or t(f"…") would extract only a part, or nothing: texts with values name them
    in braces."""
    for path in (ROOT / "champions").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("t", "tn", "tc", "N_"):
                # A literal, or a name holding an N_-marked literal (a menu's labels).
                for arg in node.args[: 2 if node.func.id in ("tn", "tc") else 1]:
                    literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    assert literal or (node.func.id == "t" and isinstance(arg, ast.Name)), (
                        f"{path.name}:{node.lineno}: {node.func.id}() needs a literal text"
                    )


def test_texts_and_values():
    assert gettext("ko", "Log in") == "로그인"
    assert gettext("en", "Log in") == "Log in"
    assert gettext("fr", "Not a text of the catalogue") == "Not a text of the catalogue"
    assert gettext("fr", "Log out") == "Se déconnecter"


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "1 unread"),
        ("en", 2, "2 unread"),
        ("ko", 1, "읽지 않음 1개"),
        ("fr", 0, "0 non lue"),
        ("fr", 2, "2 non lues"),
        ("ar", 0, "لا رسائل غير مقروءة"),
        ("ar", 1, "رسالة واحدة غير مقروءة"),
        ("ar", 2, "رسالتان غير مقروءتين"),
        ("ar", 3, "3 رسائل غير مقروءة"),
        ("ar", 11, "11 رسالة غير مقروءة"),
        ("ar", 100, "100 رسالة غير مقروءة"),
    ],
)
def test_plurals_follow_cldr(language, count, expected):
    assert ngettext(language, "{count} unread", "{count} unread", count) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"),
        ("de-DE,de;q=0.9,fr;q=0.8,en;q=0.5", "fr"),
        ("en;q=0.5,ar-EG;q=0.9", "ar"),
        ("es-419", "es"),
        ("zh-CN,de", "en"),
        ("", "en"),
        ("ko;q=0,fr", "fr"),
        ("ko;q=abc,es", "es"),
    ],
)
def test_accept_language_is_negotiated(header, expected):
    assert negotiate(header) == expected


def test_arabic_is_right_to_left_and_the_others_left_to_right():
    assert [direction(code) for code in LANGUAGES] == ["ltr", "ltr", "ltr", "ltr", "rtl"]


@pytest.mark.parametrize(
    ("language", "button", "header"),
    [
        ("en", "Score", "Score"),
        ("ko", "채점하기", "점수"),
        ("es", "Puntuar", "Puntuación"),
        ("ar", "قيِّم", "الدرجة"),
    ],
)
def test_a_text_with_a_context_is_told_apart_from_the_same_msgid_elsewhere(language, button, header):
    assert pgettext(language, "button: open the scoring form", "Score") == button
    assert pgettext(language, "column header: the score given", "Score") == header
    assert catalogue(language).text("Score", "column header: the score given") == header


def test_the_pseudo_language_wraps_every_text_and_exists_only_when_enabled(monkeypatch):
    monkeypatch.delenv("CHAMPIONS_PSEUDO_LANGUAGE", raising=False)
    assert not is_language(PSEUDO_LANGUAGE)
    assert gettext(PSEUDO_LANGUAGE, "Log in") == "Log in"
    assert PSEUDO_LANGUAGE not in runtime_script()
    monkeypatch.setenv("CHAMPIONS_PSEUDO_LANGUAGE", "1")
    assert is_language(PSEUDO_LANGUAGE) and PSEUDO_LANGUAGE not in LANGUAGES  # never in the switcher
    assert gettext(PSEUDO_LANGUAGE, "Log in") == "⟦Log in⟧"
    assert gettext(PSEUDO_LANGUAGE, "Score {label}", label="River") == "⟦Score River⟧"
    assert pgettext(PSEUDO_LANGUAGE, "button: open the scoring form", "Score") == "⟦Score⟧"
    assert ngettext(PSEUDO_LANGUAGE, "{count} unread", "{count} unread", 3) == "⟦3 unread⟧"
    assert f'"{PSEUDO_LANGUAGE}": () => import("./i18n/{PSEUDO_LANGUAGE}.js")' in runtime_script()
    assert '"Log in":"⟦Log in⟧"' in catalogue_module(PSEUDO_LANGUAGE)
