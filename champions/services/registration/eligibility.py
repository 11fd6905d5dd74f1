"""The under-35 eligibility rule of the program.

An applicant is eligible when, on the cohort's reference date, their age in completed
years is at least `min_age` (when the cohort sets one: none by default) and below
`max_age_exclusive`. A date of birth in the future or an impossible date is invalid input,
not "ineligible".
"""

import re
from dataclasses import dataclass, field
from datetime import date

from champions.infra.reasons import Localized, Reason
from champions.infra.timezones import format_date
from champions.infra.translations import N_

_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")  # ASCII digits only


class InvalidBirthDate(ValueError):
    """The text is not a possible date of birth (bad format, impossible or future date); its
    message in English, its `reason` for the date of birth field in any language."""

    def __init__(self, msgid: str, values: dict | None = None):
        self.reason = Reason("invalid", msgid, "date_of_birth", values)
        super().__init__(self.reason.message)


def format_day(day: date, language: str = "en") -> str:
    """A date the way people read it in messages: "4 March 2022"; in another language CLDR's
    long date ("2022년 3월 4일")."""
    return format_date(day, language)


def parse_birth_date(text: str, *, today: date) -> date:
    """Parse a date of birth given as YYYY-MM-DD; raise InvalidBirthDate with a message."""
    match = _ISO_DATE.match((text or "").strip())
    if not match:
        raise InvalidBirthDate(N_("Enter your date of birth as YYYY-MM-DD."))
    year, month, day = (int(part) for part in match.groups())
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidBirthDate(N_("{date} is not a real date."), {"date": text.strip()}) from None
    if born > today:
        raise InvalidBirthDate(N_("Your date of birth cannot be in the future."))
    if born.year < 1900:
        raise InvalidBirthDate(N_("Enter a date of birth in 1900 or later."))
    return born


def age_on(born: date, on: date) -> int:
    """Age in completed years on a day. Someone born on 29 February has their
    birthday on 1 March in common years (the (month, day) comparison gives that)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass(frozen=True)
class EligibilityResult:
    age: int
    reference_date: date
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def eligible(self) -> bool:
        return not self.reasons

    def snapshot(self) -> dict:
        """What is stored with an application: the decision and what it was based on."""
        return {
            "eligible": self.eligible,
            "age": self.age,
            "reference_date": self.reference_date.isoformat(),
            "reasons": [{"code": r.code, "message": r.message} for r in self.reasons],
        }


def check_eligibility(
    born: date, *, reference_date: date, min_age: int | None = None, max_age_exclusive: int = 35
) -> EligibilityResult:
    """Check the age rule on `reference_date`; returns the age and the reasons it fails (if any)."""
    age = age_on(born, reference_date)
    when = Localized(format_day, reference_date)
    reasons: list[Reason] = []
    if age >= max_age_exclusive:
        reasons.append(
            Reason(
                "too_old",
                "You must be under {max_age} on {day}; you will be {age} on that date.",
                "date_of_birth",
                values={"max_age": max_age_exclusive, "day": when, "age": age},
            )
        )
    if min_age is not None and age < min_age:
        reasons.append(
            Reason(
                "too_young",
                "You must be at least {min_age} on {day}; you will be {age} on that date.",
                "date_of_birth",
                values={"min_age": min_age, "day": when, "age": age},
            )
        )
    return EligibilityResult(age=age, reference_date=reference_date, reasons=tuple(reasons))


def check_cohort_eligibility(born: date, cohort) -> EligibilityResult:
    """`check_eligibility` with the cohort's reference date and age bounds."""
    return check_eligibility(
        born,
        reference_date=cohort.reference_date,
        min_age=cohort.min_age,
        max_age_exclusive=cohort.max_age_exclusive,
    )
