"""The pseudo-language walk's part in the browser and its allowance (tests/e2e/test_every_language.py).

In the pseudo-language every catalogue text shows wrapped in ⟦…⟧ (champions/infra/translations.py,
PSEUDO_LANGUAGE). What a page shows outside the markers is either data or a text that does not
come from the catalogue. Data is recognised from the data itself, never from a list of English
words: every text value of the database (names, emails, team and city names, titles the
secretariat typed, codes), the names CLDR gives months, days and territories, the time zones'
abbreviations, the languages' own names, what a <code> element shows, and whatever has no
letter at all (numbers, dates in digits, punctuation)."""

import json
import re
import zoneinfo
from datetime import datetime

import sqlalchemy as sa
from babel import Locale
from sqlmodel import SQLModel

import champions.models  # noqa: F401  (every table in SQLModel.metadata)
from champions.infra.translations import LANGUAGES, PSEUDO_END, PSEUDO_START
from champions.services.awards.credentials import PROGRAM_NAME

# Every text a person can see or hear on the page as it is now: visible text nodes (visually
# hidden ones for screen readers included), the texts of attributes that are read out or shown
# (aria-label, placeholder, title, alt), each option of a select, and the document's title.
VISIBLE_TEXTS = """
() => {
  const shown = (el) => {
    if (!el || el.closest("[hidden], [aria-hidden=true] svg")) return false;
    const style = getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden" &&
      [...el.getClientRects()].some((r) => r.width > 0 && r.height > 0);
  };
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
        (e.getAttribute("data-testid") ? `[data-testid=${e.getAttribute("data-testid")}]` : ""));
    }
    return parts.join(" > ");
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    // A <code> shows a code (an audit entry's action, its values as recorded), not language; what
    // is marked translate="no" is a record shown as it is (a message as sent, in its recipient's
    // language), not the page's words.
    if (!parent || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "OPTION"].includes(parent.tagName) ||
        parent.closest('code, [translate="no"]')) continue;
    const text = node.nodeValue.replace(/\\s+/g, " ").trim();
    if (text && shown(parent)) found.push({text, where: where(parent)});
  }
  for (const el of document.body.querySelectorAll("[aria-label], [placeholder], [title], [alt]")) {
    if (!shown(el) && !el.matches("input, textarea, select")) continue;
    for (const name of ["aria-label", "placeholder", "title", "alt"]) {
      const value = (el.getAttribute(name) || "").trim();
      if (value) found.push({text: value, where: where(el) + " @" + name});
    }
  }
  for (const option of document.body.querySelectorAll("select option")) {
    const text = option.textContent.trim();
    if (text && shown(option.closest("select"))) {
      found.push({text, where: where(option.parentElement) + " > option"});
    }
  }
  found.push({text: document.title, where: "title"});
  return found;
}
"""

_MARKED = re.compile(f"{PSEUDO_START}[^{PSEUDO_START}{PSEUDO_END}]*{PSEUDO_END}")
_LETTER = re.compile(r"[^\W\d_]")
_EMAIL_OR_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|\b[\w-]+(\.[\w-]+)+/\S*")
_HAS_DIGIT = re.compile(r"\S*\d\S*")  # a code, a number, a date or a time in digits
_KEYS = re.compile(r"(?<!\w)\w+(\+\w+)+(?!\w)")  # a keyboard shortcut (alt+T)
_IDENTIFIER = re.compile(r"(?<![\w.])[a-z]+([._][a-z0-9]+)+(?![\w.])")  # a code's name (application.decide)


# Tables that hold what the app itself wrote (the audit trail, the throttles' records): its
# words there are no one's data.
THE_APPS_OWN_WORDS = {"audit_entry", "client_event", "login_attempt"}
# Messages as they were sent, in their recipient's language at the time (emails, the in-app
# notifications): data now, shown as written; a page shows them line by line, addresses masked.
SENT_MESSAGES = {"outbox", "notification"}
_ADDRESS = re.compile(r"\s*https?://\S+\s*")


def _is_text(column) -> bool:
    kind = getattr(column.type, "impl", column.type)  # SQLModel's AutoString decorates a String
    enum = isinstance(kind, sa.Enum) or isinstance(column.type, sa.Enum)
    return isinstance(kind, sa.String) and not enum


def _strings(value: str):
    """The value, or each text inside it when it holds JSON (the partners' names and links)."""
    if value[:1] in "[{":
        try:
            found = json.loads(value)
        except ValueError:
            found = value
        stack = [found]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    else:
        yield value


def data_texts(session) -> set[str]:
    """Every text value the database holds (enum columns, which the interface labels, and the
    app's own words excepted),
    and each word of the names; with CLDR's names of months, days and territories in English and
    in each offered language, the time zones' abbreviations (the tz database), the languages'
    own names and the program's name."""
    found: set[str] = {PROGRAM_NAME, *LANGUAGES.values()}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in THE_APPS_OWN_WORDS:
            continue
        columns = [column for column in table.columns if _is_text(column)]
        if not columns:
            continue
        for row in session.execute(sa.select(*columns)).all():
            for column, value in zip(columns, row, strict=True):
                if not isinstance(value, str) or len(value.strip()) < 2:
                    continue
                if table.name in SENT_MESSAGES:
                    found.update(
                        part.strip()
                        for line in value.splitlines()
                        for part in _ADDRESS.split(line)
                        if part.strip()
                    )
                    continue
                for text in _strings(value.strip()):
                    found.add(text)
                    if "name" in column.name or "city" in column.name:
                        found.update(text.split())
    for code in LANGUAGES:
        locale = Locale.parse(code)
        for width in ("wide", "abbreviated"):
            found.update(locale.months["format"][width].values())
            found.update(locale.months["stand-alone"][width].values())
            found.update(locale.days["format"][width].values())
        found.update(locale.periods.values())
        found.update(locale.territories.values())
        found.update(locale.territories)  # their codes
    for zone in zoneinfo.available_timezones():  # the time zones' abbreviations (KST, UTC)
        for month in (1, 7):
            found.add(datetime(2026, month, 15, tzinfo=zoneinfo.ZoneInfo(zone)).tzname() or "")
    return {text for text in found if len(text) >= 2}


class Allowance:
    """What may show without the markers: data, and what has no letter."""

    def __init__(self, data: set[str]):
        # Longest first, so a name is taken out whole before a word of it.
        ordered = sorted(data, key=len, reverse=True)
        alternatives = "|".join(re.escape(text) for text in ordered)
        self._data = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if ordered else None

    def outside_the_catalogue(self, text: str) -> str:
        """What of the text is neither from the catalogue nor data ("" when nothing is)."""
        rest = text
        while True:  # a marked text may hold another (a value that is itself a catalogue text)
            unwrapped = _MARKED.sub(" ", rest)
            if unwrapped == rest:
                break
            rest = unwrapped
        rest = _EMAIL_OR_ADDRESS.sub(" ", rest)
        if self._data is not None:
            rest = self._data.sub(" ", rest)
        rest = _HAS_DIGIT.sub(" ", _IDENTIFIER.sub(" ", _KEYS.sub(" ", rest)))
        rest = " ".join(rest.split())
        return rest if _LETTER.search(rest) else ""
