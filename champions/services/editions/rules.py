"""The rules of an edition's settings, checked on text as a form or the command line sends it.
Pure: the other editions the checks compare against are passed in."""

from dataclasses import dataclass, fields
from datetime import date, datetime

from champions.infra.links import is_web_address
from champions.infra.reasons import Localized, Reason, RuleViolation
from champions.infra.timezones import SEOUL_ZONE, parse_clock, parse_day, to_utc, zone_or_none
from champions.infra.translations import N_
from champions.services.registration.eligibility import format_day

MODES = ("online", "offline", "hybrid")
DATE_FIELDS = (
    "registration_opens",
    "registration_closes",
    "phase1_start",
    "phase1_end",
    "phase2_start",
    "phase2_end",
    "ceremony_date",
)
# The settings that decide who is eligible: changing one once applications exist needs a
# confirmation and re-evaluates them.
ELIGIBILITY_FIELDS = ("max_age_exclusive", "age_reference_date", "min_age")
_LIMITS = {"name": 64, "title": 200, "ceremony_venue": 300}
# (field, the reason when it is wrong, lowest, highest) of the whole-number settings.
_NUMBERS = (
    ("capacity", N_("The capacity is a whole number from {low} to {high}."), 1, 100_000),
    ("max_age_exclusive", N_("The age limit is a whole number from {low} to {high}."), 1, 150),
    ("team_min", N_("The smallest team size is a whole number from {low} to {high}."), 1, 20),
    ("team_max", N_("The largest team size is a whole number from {low} to {high}."), 1, 20),
    ("phase1_required", N_("The Phase 1 threshold is a whole number from {low} to {high}."), 1, 100),
    ("reviewers_per_submission", N_("Mentors per submission is a whole number from {low} to {high}."), 1, 20),
)
_OPTIONAL_NUMBERS = (
    ("waitlist_capacity", N_("The waitlist is blank or a whole number from {low} to {high}."), 0, 100_000),
    ("min_age", N_("The minimum age is blank or a whole number from {low} to {high}."), 0, 149),
)


@dataclass(frozen=True)
class EditionForm:
    """An edition's settings as text (a web form or the command line); checked on the server."""

    name: str = ""
    title: str = ""
    registration_opens: str = ""  # YYYY-MM-DD
    registration_closes: str = ""
    phase1_start: str = ""
    phase1_end: str = ""
    phase2_start: str = ""
    phase2_end: str = ""
    ceremony_date: str = ""  # the day in `ceremony_zone`
    ceremony_time: str = ""  # HH:MM in `ceremony_zone`; blank: not set yet
    ceremony_zone: str = SEOUL_ZONE
    ceremony_venue: str = ""
    ceremony_mode: str = "hybrid"
    ceremony_join_url: str = ""
    capacity: str = "100"
    waitlist_capacity: str = ""  # blank: no limit
    max_age_exclusive: str = "35"
    age_reference_date: str = ""  # blank: the first day of Phase 1
    min_age: str = ""  # blank: no minimum
    team_min: str = "3"
    team_max: str = "5"
    phase1_required: str = "5"
    phase2_requires_phase1: str = "yes"  # "yes" or "no" (a checkbox sends "on" or nothing)
    reviewers_per_submission: str = "3"

    @classmethod
    def from_form_data(cls, data) -> "EditionForm":
        """Build from a browser's form data, whatever it sent (non-text becomes ""; an unticked
        checkbox sends nothing, so the Phase 2 requirement reads "no" then)."""
        data = data if isinstance(data, dict) else {}
        values = {f.name: data[f.name] if isinstance(data.get(f.name), str) else "" for f in fields(cls)}
        values["phase2_requires_phase1"] = (
            "yes" if values["phase2_requires_phase1"] in ("on", "yes") else "no"
        )
        return cls(**values)


@dataclass(frozen=True)
class CheckedEdition:
    """Checked settings, ready to store on a `Cohort` (attribute names are the model's)."""

    name: str
    title: str
    registration_opens: date
    registration_closes: date
    phase1_start: date
    phase1_end: date
    phase2_start: date
    phase2_end: date
    ceremony_date: date
    ceremony_starts_at: datetime | None
    ceremony_venue: str
    ceremony_mode: str
    ceremony_join_url: str
    capacity: int
    waitlist_capacity: int | None
    max_age_exclusive: int
    age_reference_date: date | None
    min_age: int | None
    team_min: int
    team_max: int
    phase1_required: int
    phase2_requires_phase1: bool
    reviewers_per_submission: int

    def values(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class OtherEdition:
    """What the checks need of another edition."""

    name: str
    registration_opens: date
    registration_closes: date
    archived: bool = False


def _whole(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 7 else None


def windows_overlap(a_first: date, a_last: date, b_first: date, b_last: date) -> bool:
    return a_first <= b_last and b_first <= a_last


def overlap_reason(opens: date, closes: date, others: list[OtherEdition]) -> Reason | None:
    """The reason this registration window is refused: another edition's overlaps it (at most
    one edition is open for registration at a time)."""
    for other in others:
        if not other.archived and windows_overlap(
            opens, closes, other.registration_opens, other.registration_closes
        ):
            return Reason(
                "registration_overlap",
                "The {name} edition's registration ({opens} – {closes}) overlaps these dates: "
                "at most one edition is open for registration at a time.",
                "registration_opens",
                values={
                    "name": other.name,
                    "opens": Localized(format_day, other.registration_opens),
                    "closes": Localized(format_day, other.registration_closes),
                },
            )
    return None


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def check_edition(form: EditionForm, *, others: list[OtherEdition]) -> CheckedEdition:
    """Parse and check an edition's settings against `others` (every other edition: names are
    unique among all, registration windows only among those not archived).
    Raises RuleViolation with one reason per field that is wrong."""
    reasons: list[Reason] = []
    v = {f.name: (getattr(form, f.name) or "").strip() for f in fields(EditionForm)}
    v["name"] = " ".join(v["name"].split())
    if not v["name"]:
        reasons.append(Reason("required", "Enter the edition's name, e.g. 2027.", "name"))
    elif any(name_key(o.name) == name_key(v["name"]) for o in others):
        reasons.append(
            Reason("taken", "There is already an edition named {name}.", "name", values={"name": v["name"]})
        )
    if not v["title"]:
        reasons.append(Reason("required", "Enter the edition's title.", "title"))
    for name, limit in _LIMITS.items():
        if len(v[name]) > limit:
            reasons.append(
                Reason("too_long", "Use at most {limit} characters.", name, values={"limit": limit})
            )

    days: dict[str, date | None] = {}
    for name in DATE_FIELDS:
        days[name] = parse_day(v[name])
        if days[name] is None:
            reasons.append(Reason("invalid_date", "Enter the date as YYYY-MM-DD.", name))
    # Each pair: (earlier, later, strictly before?, the message at the later field).
    order = (
        (
            "registration_opens",
            "registration_closes",
            False,
            N_("Registration must close on or after it opens."),
        ),
        ("registration_closes", "phase1_start", True, N_("Phase 1 must start after registration closes.")),
        ("phase1_start", "phase1_end", False, N_("Phase 1 must end on or after it starts.")),
        ("phase1_end", "phase2_start", True, N_("Phase 2 must start after Phase 1 ends.")),
        ("phase2_start", "phase2_end", False, N_("Phase 2 must end on or after it starts.")),
        ("phase2_end", "ceremony_date", True, N_("The ceremony must come after Phase 2 ends.")),
    )
    for earlier, later, strict, message in order:
        first, last = days[earlier], days[later]
        if first and last and (last <= first if strict else last < first):
            reasons.append(Reason("date_order", message, later))
    if (
        days["registration_opens"]
        and days["registration_closes"]
        and not any(r.field == "registration_closes" for r in reasons)
    ):
        overlap = overlap_reason(days["registration_opens"], days["registration_closes"], others)
        if overlap:
            reasons.append(overlap)

    starts_at = None
    zone = v["ceremony_zone"] or SEOUL_ZONE
    if zone_or_none(zone) is None:
        reasons.append(
            Reason("invalid_zone", "Choose the time zone of the ceremony's time.", "ceremony_zone")
        )
    if v["ceremony_time"]:
        clock = parse_clock(v["ceremony_time"])
        if clock is None:
            reasons.append(
                Reason("invalid_time", "Enter the time as HH:MM (24-hour clock).", "ceremony_time")
            )
        elif days["ceremony_date"] and zone_or_none(zone):
            starts_at = to_utc(days["ceremony_date"], clock, zone)
    if v["ceremony_mode"] not in MODES:
        reasons.append(Reason("invalid_mode", "Choose online, offline or hybrid.", "ceremony_mode"))
    if v["ceremony_join_url"] and not is_web_address(v["ceremony_join_url"]):
        reasons.append(
            Reason("invalid_url", "Enter a full web address starting with https://.", "ceremony_join_url")
        )

    numbers: dict[str, int | None] = {}
    for name, message, low, high in _NUMBERS:
        numbers[name] = _whole(v[name])
        if numbers[name] is None or not low <= numbers[name] <= high:
            reasons.append(Reason("invalid_number", message, name, values={"low": low, "high": high}))
            numbers[name] = None
    for name, message, low, high in _OPTIONAL_NUMBERS:
        numbers[name] = None
        if v[name]:
            numbers[name] = _whole(v[name])
            if numbers[name] is None or not low <= numbers[name] <= high:
                reasons.append(Reason("invalid_number", message, name, values={"low": low, "high": high}))
                numbers[name] = None
    low_age, high_age = numbers["min_age"], numbers["max_age_exclusive"]
    if low_age is not None and high_age is not None and low_age >= high_age:
        reasons.append(Reason("age_order", "The minimum age must be below the age limit.", "min_age"))
    smallest, largest = numbers["team_min"], numbers["team_max"]
    if smallest is not None and largest is not None and largest < smallest:
        reasons.append(
            Reason("team_order", "The largest team size must be at least the smallest.", "team_max")
        )
    reference = None
    if v["age_reference_date"]:
        reference = parse_day(v["age_reference_date"])
        if reference is None:
            reasons.append(
                Reason(
                    "invalid_date", "Enter the date as YYYY-MM-DD, or leave it blank.", "age_reference_date"
                )
            )
    if v["phase2_requires_phase1"] not in ("yes", "no"):
        reasons.append(Reason("invalid_choice", "Answer yes or no.", "phase2_requires_phase1"))
    if reasons:
        raise RuleViolation(reasons)
    return CheckedEdition(
        name=v["name"],
        title=v["title"],
        **{name: days[name] for name in DATE_FIELDS},
        ceremony_starts_at=starts_at,
        ceremony_venue=v["ceremony_venue"],
        ceremony_mode=v["ceremony_mode"],
        ceremony_join_url=v["ceremony_join_url"],
        capacity=numbers["capacity"],
        waitlist_capacity=numbers["waitlist_capacity"],
        max_age_exclusive=numbers["max_age_exclusive"],
        age_reference_date=reference,
        min_age=numbers["min_age"],
        team_min=numbers["team_min"],
        team_max=numbers["team_max"],
        phase1_required=numbers["phase1_required"],
        phase2_requires_phase1=v["phase2_requires_phase1"] == "yes",
        reviewers_per_submission=numbers["reviewers_per_submission"],
    )
