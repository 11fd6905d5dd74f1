"""The kinds of message the program sends and their default templates.

A template is plain text with named placeholders in braces (`{edition}`); only the names its
kind lists are filled in, by plain substitution (no format mini-language, no attribute
access), so a template can never reach into the program's data. Emails are text/plain and
pages show the text as text: a value or template holding `<b>` shows those four characters."""

import os
import re
from dataclasses import dataclass
from datetime import datetime

from champions.infra.timezones import SEOUL_ZONE, format_instant


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
            "Application received",
            "Confirm your application to {edition}",
            "Hello {name},\n\n"
            "Thank you for applying to {edition}. We received your application.\n"
            "Confirm your email to finish:\n\n{confirm_link}\n\n"
            "The link works once, until {expires}. Until then your account cannot log in.\n"
            "If you did not apply, ignore this message.\n",
            (*_COMMON, "confirm_link", "expires"),
        ),
        Kind(
            "decision_accepted",
            "Application accepted",
            "You are accepted to {edition}",
            "Hello {name},\n\n"
            "Congratulations: your application to {edition} is accepted.\n"
            "Phase 1 (the lectures) starts on {phase1_start}. Your lectures and their times are at:\n"
            "{link}\n",
            (*_COMMON, "phase1_start"),
        ),
        Kind(
            "decision_waitlisted",
            "Application waitlisted",
            "Your application to {edition}: on the waitlist",
            "Hello {name},\n\n"
            "Your application to {edition} is on the waitlist: the program is full for now. "
            "If a place opens, we will tell you at once.\n"
            "Your application: {link}\n",
            _COMMON,
        ),
        Kind(
            "decision_rejected",
            "Application not accepted",
            "Your application to {edition}",
            "Hello {name},\n\n"
            "Thank you for applying to {edition}. We are sorry: your application was not accepted "
            "this time.\nYour application: {link}\n",
            _COMMON,
        ),
        Kind(
            "decision_promoted",
            "Promoted from the waitlist",
            "A place opened: you are accepted to {edition}",
            "Hello {name},\n\n"
            "A place opened in {edition} and you were on the waitlist: you are now accepted.\n"
            "Phase 1 (the lectures) starts on {phase1_start}. Your lectures and their times are at:\n"
            "{link}\n",
            (*_COMMON, "phase1_start"),
        ),
        Kind(
            "withdrawal_confirmed",
            "Withdrawal confirmed",
            "You withdrew from {edition}",
            "Hello {name},\n\n"
            "Your withdrawal from {edition} is recorded; you left your team, if you had one.\n"
            "If this was a mistake, write to the secretariat by answering this email.\n"
            "Your application: {link}\n",
            _COMMON,
        ),
        Kind(
            "extension_granted",
            "Deadline extension granted",
            "{team}: more time for {workshop}",
            "Hello {name},\n\n"
            "Your team {team} has a new deadline for {workshop}: {deadline}.\n"
            "Reason given: {reason}\nYour team: {link}\n",
            (*_COMMON, "team", "workshop", "deadline", "reason"),
        ),
        Kind(
            "feedback_published",
            "Feedback published",
            "Feedback on {workshop} is out",
            "Hello {name},\n\n"
            "The mentors' scores and comments on your team's work for {workshop} ({edition}) are "
            "published. Read them at:\n{link}\n",
            (*_COMMON, "team", "workshop"),
            optional=True,
        ),
        Kind(
            "awards_announced",
            "Awards announced",
            "The awards of {edition} are announced",
            "Hello {name},\n\nThe awards of {edition} are announced. See them at:\n{link}\n",
            _COMMON,
            reminder=True,
            optional=True,
        ),
        Kind(
            "team_changed",
            "Team membership changes",
            "Your team {team} changed",
            "Hello {name},\n\n{change}\nYour team: {link}\n",
            (*_COMMON, "team", "change"),
            optional=True,
        ),
        Kind(
            "lecture_reminder",
            "Lecture reminders (24 hours before)",
            "Tomorrow: {lecture}",
            "Hello {name},\n\n"
            "A reminder: the lecture {lecture} of {edition} starts {when}.\n"
            "{where}\n"
            "The calendar entry is attached. Your lectures: {link}\n",
            (*_COMMON, "lecture", "when", "where"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "reflection_due",
            "Reflection reminders (48 hours before the window closes)",
            "Your reflection on {lecture} is due {deadline}",
            "Hello {name},\n\n"
            "You missed the lecture {lecture} of {edition}. It still counts if you watch its "
            "recording and submit a reflection by {deadline}.\nSubmit it at: {link}\n",
            (*_COMMON, "lecture", "deadline"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "workshop_deadline",
            "Workshop deadline reminders (72 and 24 hours before)",
            "{workshop}: deadline in {hours} hours",
            "Hello {name},\n\n"
            "Your team {team} has not submitted anything for {workshop} yet. "
            "The deadline is {deadline}.\nSubmit at: {link}\n",
            (*_COMMON, "team", "workshop", "deadline", "hours"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "mentor_assignments",
            "Assigned submissions (one digest per round)",
            "{count} submissions of {workshop} wait for your scores",
            "Hello {name},\n\n"
            "Judging of {workshop} ({edition}) is open. You are assigned {count} submissions:\n"
            "{items}\n\nScore them at: {link}\n",
            (*_COMMON, "workshop", "count", "items"),
            reminder=True,
        ),
        Kind(
            "scoring_reminder",
            "Scoring reminders (48 hours before a round closes)",
            "{workshop}: {count} submissions still to score",
            "Hello {name},\n\n"
            "Scoring of {workshop} ({edition}) closes {deadline}. You have {count} submissions "
            "still to score:\n{items}\n\nScore them at: {link}\n",
            (*_COMMON, "workshop", "count", "items", "deadline"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "at_risk",
            "At risk of not completing Phase 1",
            "{edition}: your Phase 1 is at risk",
            "Hello {name},\n\n"
            "Your Phase 1 of {edition} is at risk: {progress}\n"
            "Phase 1 needs {required} lectures, attended live or by recording with a reflection. "
            "See what you can still do at:\n{link}\n",
            (*_COMMON, "progress", "required"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "phase2_opened",
            "Phase 2 opened",
            "{edition}: Phase 2 has started",
            "Hello {name},\n\n"
            "Phase 2 of {edition} (workshops and teams) starts on {phase2_start}. "
            "Form or join your team and find the workshops at:\n{link}\n",
            (*_COMMON, "phase2_start"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "certificate_available",
            "Certificate available",
            "Your certificate of {edition}: {award}",
            "Hello {name},\n\n"
            "Your certificate ({award}) of {edition} is ready. Download it, and share its "
            "verification link, at:\n{link}\n",
            (*_COMMON, "award"),
            reminder=True,
            optional=True,
        ),
        Kind(
            "secretariat_digest",
            "Daily digest for the secretariat",
            "{edition} today: {applications} new applications, {reflections} reflections to review",
            "Hello {name},\n\n"
            "Since the last digest of {edition} ({since}):\n"
            "- new applications: {applications}\n"
            "- reflections waiting for review: {reflections}\n"
            "- late submissions (under an extension): {late}\n{late_items}\n"
            "The secretariat's dashboard: {link}\n",
            (*_COMMON, "since", "applications", "reflections", "late", "late_items"),
            reminder=True,
            optional=True,
        ),
    )
}

# A message the secretariat writes to a segment: its own words become the subject and body.
KINDS["bulk"] = Kind(
    "bulk",
    "Messages from the secretariat",
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


def moment_text(instant: datetime, zone: str) -> str:
    """An instant in the recipient's zone, and in Seoul time when that differs:
    "Tue 10 Mar 2026, 11:00 CET (Tue 10 Mar 2026, 19:00 KST, Seoul time)"."""
    own = format_instant(instant, zone)
    seoul = format_instant(instant, SEOUL_ZONE)
    return own if own == seoul else f"{own} ({seoul}, Seoul time)"
