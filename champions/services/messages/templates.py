"""The kinds of message the program sends and their default templates.

A template is plain text with named placeholders in braces (`{edition}`); only the names its
kind lists are filled in, by plain substitution (no format mini-language, no attribute
access), so a template can never reach into the program's data. Emails are text/plain and
pages show the text as text: a value or template holding `<b>` shows those four characters."""

import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import N_, SOURCE_LANGUAGE, catalogue, gettext, is_language


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # what a person reads in their preferences and the secretariat in its lists
    subject: str
    body: str
    placeholders: tuple[str, ...]
    reminder: bool = False  # computed from the editions' data by the scheduler, not by an event
    optional: bool = False  # the recipient may turn it off (decisions and security are always sent)


_COMMON = ("name", "edition", "link")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "application_received",
            N_("Application received"),
            N_("Confirm your application to {edition}"),
            N_(
                "Hello {name},\n\n"
                "Thank you for applying to {edition}. We received your application.\n"
                "Confirm your email to finish:\n\n{confirm_link}\n\n"
                "The link works once, until {expires}. Until then your account cannot log in.\n"
                "If you did not apply, ignore this message.\n"
            ),
            (*_COMMON, "confirm_link", "expires"),
        ),
        Kind(
            "decision_accepted",
            N_("Application accepted"),
            N_("You are accepted to {edition}"),
            N_(
                "Hello {name},\n\n"
                "Congratulations: your application to {edition} is accepted.\n"
                "Phase 1 (the lectures) starts on {phase1_start}. Your lectures and their times are at:\n"
                "{link}\n"
            ),
            (*_COMMON, "phase1_start"),
        ),
        Kind(
            "decision_waitlisted",
            N_("Application waitlisted"),
            N_("Your application to {edition}: on the waitlist"),
            N_(
                "Hello {name},\n\n"
                "Your application to {edition} is on the waitlist: the program is full for now. "
                "If a place opens, we will tell you at once.\n"
                "Your application: {link}\n"
            ),
            _COMMON,
        ),
        Kind(
            "decision_rejected",
            N_("Application not accepted"),
            N_("Your application to {edition}"),
            N_(
                "Hello {name},\n\n"
                "Thank you for applying to {edition}. We are sorry: your application was not accepted "
                "this time.\nYour application: {link}\n"
            ),
            _COMMON,
        ),
        Kind(
            "decision_promoted",
            N_("Promoted from the waitlist"),
            N_("A place opened: you are accepted to {edition}"),
            N_(
                "Hello {name},\n\n"
                "A place opened in {edition} and you were on the waitlist: you are now accepted.\n"
                "Phase 1 (the lectures) starts on {phase1_start}. Your lectures and their times are at:\n"
                "{link}\n"
            ),
            (*_COMMON, "phase1_start"),
        ),
        Kind(
            "withdrawal_confirmed",
            N_("Withdrawal confirmed"),
            N_("You withdrew from {edition}"),
            N_(
                "Hello {name},\n\n"
                "Your withdrawal from {edition} is recorded; you left your team, if you had one.\n"
                "If this was a mistake, write to the secretariat by answering this email.\n"
                "Your application: {link}\n"
            ),
            _COMMON,
        ),
        Kind(
            "extension_granted",
            N_("Deadline extension granted"),
            N_("{team}: more time for {workshop}"),
            N_(
                "Hello {name},\n\n"
                "Your team {team} has a new deadline for {workshop}: {deadline}.\n"
                "Reason given: {reason}\nYour team: {link}\n"
            ),
            (*_COMMON, "team", "workshop", "deadline", "reason"),
        ),
        Kind(
            "feedback_published",
            N_("Feedback published"),
            N_("Feedback on {workshop} is out"),
            N_(
                "Hello {name},\n\n"
                "The mentors' scores and comments on your team's work for {workshop} ({edition}) are "
                "published. Read them at:\n{link}\n"
            ),
            (*_COMMON, "team", "workshop"),
            optional=True,
        ),
        Kind(
            "awards_announced",
            N_("Awards announced"),
            N_("The awards of {edition} are announced"),
            N_("Hello {name},\n\nThe awards of {edition} are announced. See them at:\n{link}\n"),
            _COMMON,
            reminder=True,
            optional=True,
        ),
        Kind(
            "team_changed",
            N_("Team membership changes"),
            N_("Your team {team} changed"),
            N_("Hello {name},\n\n{change}\nYour team: {link}\n"),
            (*_COMMON, "team", "change"),
            optional=True,
        ),
        Kind(
            "lecture_reminder",
            N_("Lecture reminders (24 hours before)"),
            N_("Tomorrow: {lecture}"),
            N_(
                "Hello {name},\n\n"
                "A reminder: the lecture {lecture} of {edition} starts {when}.\n"
                "{where}\n"
                "The calendar entry is attached. Your lectures: {link}\n"
            ),
            (*_COMMON, "lecture", "when", "where"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "reflection_due",
            N_("Reflection reminders (48 hours before the window closes)"),
            N_("Your reflection on {lecture} is due {deadline}"),
            N_(
                "Hello {name},\n\n"
                "You missed the lecture {lecture} of {edition}. It still counts if you watch its "
                "recording and submit a reflection by {deadline}.\nSubmit it at: {link}\n"
            ),
            (*_COMMON, "lecture", "deadline"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "workshop_deadline",
            N_("Workshop deadline reminders (72 and 24 hours before)"),
            N_("{workshop}: deadline in {hours} hours"),
            N_(
                "Hello {name},\n\n"
                "Your team {team} has not submitted anything for {workshop} yet. "
                "The deadline is {deadline}.\nSubmit at: {link}\n"
            ),
            (*_COMMON, "team", "workshop", "deadline", "hours"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "mentor_assignments",
            N_("Assigned submissions (one digest per round)"),
            N_("{count} submissions of {workshop} wait for your scores"),
            N_(
                "Hello {name},\n\n"
                "Judging of {workshop} ({edition}) is open. You are assigned {count} submissions:\n"
                "{items}\n\nScore them at: {link}\n"
            ),
            (*_COMMON, "workshop", "count", "items"),
            reminder=True,
        ),
        Kind(
            "scoring_reminder",
            N_("Scoring reminders (48 hours before a round closes)"),
            N_("{workshop}: {count} submissions still to score"),
            N_(
                "Hello {name},\n\n"
                "Scoring of {workshop} ({edition}) closes {deadline}. You have {count} submissions "
                "still to score:\n{items}\n\nScore them at: {link}\n"
            ),
            (*_COMMON, "workshop", "count", "items", "deadline"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "at_risk",
            N_("At risk of not completing Phase 1"),
            N_("{edition}: your Phase 1 is at risk"),
            N_(
                "Hello {name},\n\n"
                "Your Phase 1 of {edition} is at risk: {progress}\n"
                "Phase 1 needs {required} lectures, attended live or by recording with a reflection. "
                "See what you can still do at:\n{link}\n"
            ),
            (*_COMMON, "progress", "required"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "phase2_opened",
            N_("Phase 2 opened"),
            N_("{edition}: Phase 2 has started"),
            N_(
                "Hello {name},\n\n"
                "Phase 2 of {edition} (workshops and teams) starts on {phase2_start}. "
                "Form or join your team and find the workshops at:\n{link}\n"
            ),
            (*_COMMON, "phase2_start"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "certificate_available",
            N_("Certificate available"),
            N_("Your certificate of {edition}: {award}"),
            N_(
                "Hello {name},\n\n"
                "Your certificate ({award}) of {edition} is ready. Download it, and share its "
                "verification link, at:\n{link}\n"
            ),
            (*_COMMON, "award"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "secretariat_digest",
            N_("Daily digest for the secretariat"),
            N_("{edition} today: {applications} new applications, {reflections} reflections to review"),
            N_(
                "Hello {name},\n\n"
                "Since the last digest of {edition} ({since}):\n"
                "- new applications: {applications}\n"
                "- reflections waiting for review: {reflections}\n"
                "- late submissions (under an extension): {late}\n{late_items}\n"
                "The secretariat's dashboard: {link}\n"
            ),
            (*_COMMON, "since", "applications", "reflections", "late", "late_items"),
            reminder=True,
            optional=True,
        ),
    )
}

# A message the secretariat writes to a segment: its own words become the subject and body.
KINDS["bulk"] = Kind(
    "bulk",
    N_("Messages from the secretariat"),
    "{title}",
    "{message}\n\n{edition}: {link}\n",
    (*_COMMON, "title", "message"),
)
BULK_PLACEHOLDERS = ("name", "edition")  # what the secretariat's own words may name

# Kinds whose template the secretariat may rewrite per edition (a bulk message is its own words).
EDITABLE = [name for name in KINDS if name != "bulk"]
# Placeholders a rewritten template must keep (without them the message cannot do its job).
REQUIRED = {"application_received": ("confirm_link",)}

DECISION_KINDS = {
    "accepted": "decision_accepted",
    "waitlisted": "decision_waitlisted",
    "rejected": "decision_rejected",
}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def origin() -> str:
    """The app's public address, for the links in messages."""
    return os.environ.get("CHAMPIONS_ORIGIN", "http://localhost:3000").rstrip("/")


def unknown_placeholders(template: str, kind: Kind) -> list[str]:
    """The names in braces that this kind does not fill in (a typo would reach people as is)."""
    return sorted({name for name in _PLACEHOLDER.findall(template) if name not in kind.placeholders})


def fill(template: str, values: dict[str, str]) -> str:
    """The template with each `{name}` it knows replaced by its value, as text."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def render(kind: Kind, values: dict[str, str]) -> tuple[str, str]:
    """(subject, body): the subject on one line (a line break there would start a header)."""
    subject = " ".join(fill(kind.subject, values).split())[:200]
    return subject, fill(kind.body, values)


def moment_text(instant: datetime, zone: str, language: str = SOURCE_LANGUAGE) -> str:
    """An instant in the recipient's zone, and in Seoul time when that differs:
    "Tue 10 Mar 2026, 11:00 CET (Tue 10 Mar 2026, 19:00 KST, Seoul time)", dates in the language."""
    own = format_instant(instant, zone, language)
    seoul = format_instant(instant, SEOUL_ZONE, language)
    return own if own == seoul else gettext(language, "{own} ({seoul}, Seoul time)", own=own, seoul=seoul)


# --- languages ------------------------------------------------------------------------------


def language_of(user) -> str:
    """The language a person's messages are written in: their choice, else English."""
    language = getattr(user, "language", "") or ""
    return language if is_language(language) else SOURCE_LANGUAGE


def localized(kind: Kind, language: str) -> Kind:
    """The kind's default wording (label, subject, body) in the language (English where the
    catalogue has no translation)."""
    if language == SOURCE_LANGUAGE or not is_language(language):
        return kind
    texts = catalogue(language)
    return replace(
        kind, label=texts.text(kind.label), subject=texts.text(kind.subject), body=texts.text(kind.body)
    )


@dataclass(frozen=True)
class Words:
    """A value written in the recipient's language when the message is rendered: lines, each a
    catalogue text and its values (`Words.line("Venue: {venue}", venue=…)`), joined by `end`
    after each line but the last (or after every line when `trailing`)."""

    lines: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    trailing: bool = False
    end: str = field(default="\n")

    @staticmethod
    def line(msgid: str, **values) -> "Words":
        return Words(((msgid, tuple((k, str(v)) for k, v in values.items())),))

    def __add__(self, other: "Words") -> "Words":
        return Words(self.lines + other.lines, self.trailing or other.trailing, self.end)

    def text(self, language: str) -> str:
        rendered = [gettext(language, msgid, **dict(values)) for msgid, values in self.lines]
        joined = self.end.join(rendered)
        return joined + self.end if self.trailing and rendered else joined


def lecture_place(join_url: str, venue: str) -> Words:
    """Where a lecture happens, as its reminder says it: the venue, then the link to join."""
    place = Words()
    if venue:
        place += Words.line(N_("Venue: {venue}"), venue=venue)
    if join_url:
        place += Words.line(N_("Join: {url}"), url=join_url)
    return place


def submission_items(codes) -> Words:
    """The lines "- submission CODE" of a mentor's message."""
    items = Words()
    for code in codes:
        items += Words.line(N_("- submission {code}"), code=code)
    return items


def in_language(values: dict, language: str) -> dict[str, str]:
    """The values with each `Words` written in the language."""
    return {k: v.text(language) if isinstance(v, Words) else v for k, v in values.items()}
