"""Reasons: what a check returns instead of a bare bool (code for machines, message for people).

A reason's text is a catalogue msgid, its English wording with the values it names in braces:

    Reason("too_long", "Use at most {limit} characters.", "title", values={"limit": 120})

`.message` is that text in English with the values filled in (the CLI, logs and tests read it);
`.text(language)` is the same in a language of the catalogue (champions/infra/translations.py),
for the page of the person who caused it. A value that is itself a text of the catalogue (a
status, a noun) is given as `Term(N_("accepted"))` and translated too. A count in words is a
`Plural`. Babel finds the msgids with the keywords `Reason:2` and `Plural:1,2` (Makefile,
`translations`)."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from champions.infra.translations import SOURCE_LANGUAGE, catalogue, fill, gettext, ngettext


class Term(str):
    """A reason's value that is a catalogue text (mark the literal N_ where it is written): it is
    shown in the reader's language like the reason around it."""

    __slots__ = ()


class Plural(str):
    """A reason's value that is a count in words (`Plural("{count} minute", "{count} minutes", 5)`):
    English's form for the count, and the reader's language's form where the reason is shown
    (keyword `Plural:1,2` for Babel)."""

    def __new__(cls, singular: str, plural: str, count: int):
        made = super().__new__(cls, ngettext(SOURCE_LANGUAGE, singular, plural, count))
        made.forms = (singular, plural, count)
        return made

    def text(self, language: str) -> str:
        return ngettext(language, *self.forms)


class Localized(str):
    """A reason's value written by a function of the language, such as a date or a duration
    (`Localized(format_day, day)` is `format_day(day, language)` where the reason is shown):
    English's text as a string, the reader's where the reason is shown."""

    def __new__(cls, write, *args):
        made = super().__new__(cls, write(*args, SOURCE_LANGUAGE))
        made.write, made.args = write, args
        return made

    def text(self, language: str) -> str:
        return self.write(*self.args, language)


def _value(value, language: str):
    if isinstance(value, (Plural, Localized)):
        return value.text(language)
    if isinstance(value, Term):
        return gettext(language, value)
    return value


@dataclass(frozen=True, init=False)
class Reason:
    code: str
    message: str  # the text in English, values filled in
    field: str = ""  # the form field the reason belongs to, when there is one
    msgid: str = dataclass_field(default="", compare=False, repr=False)
    values: dict = dataclass_field(default_factory=dict, compare=False, repr=False)

    def __init__(self, code: str, msgid: str, field: str = "", values: dict | None = None):
        values = dict(values or {})
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "message", fill(msgid, values) if values else msgid)
        object.__setattr__(self, "field", field)

    def text(self, language: str = SOURCE_LANGUAGE) -> str:
        """The reason in the language (English when it has no translation), values filled in."""
        if language == SOURCE_LANGUAGE:
            return self.message
        values = {name: _value(value, language) for name, value in self.values.items()}
        return fill(catalogue(language).text(self.msgid), values)

    def at(self, field: str) -> "Reason":
        """The same reason, shown next to another field."""
        return Reason(self.code, self.msgid, field, self.values)


class RuleViolation(Exception):
    """Raised by a service when input breaks a rule; carries the reasons, changes nothing."""

    def __init__(self, reasons: list[Reason]):
        super().__init__("; ".join(r.message for r in reasons))
        self.reasons = reasons

    def by_field(self, language: str = SOURCE_LANGUAGE) -> dict[str, str]:
        """The first message per field ("" for reasons not tied to a field), in the language."""
        out: dict[str, str] = {}
        for reason in self.reasons:
            if reason.field not in out:
                out[reason.field] = reason.text(language)
        return out

    def text(self, language: str = SOURCE_LANGUAGE) -> str:
        """Every reason in the language, as `str(violation)` joins them in English."""
        return "; ".join(r.text(language) for r in self.reasons)

    def first(self, language: str = SOURCE_LANGUAGE) -> str:
        """The first reason in the language."""
        return self.reasons[0].text(language) if self.reasons else ""
