"""Reasons: what a check returns instead of a bare bool (code for machines, message for people)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    field: str = ""  # the form field the reason belongs to, when there is one


class RuleViolation(Exception):
    """Raised by a service when input breaks a rule; carries the reasons, changes nothing."""

    def __init__(self, reasons: list[Reason]):
        super().__init__("; ".join(r.message for r in reasons))
        self.reasons = reasons

    def by_field(self) -> dict[str, str]:
        """The first message per field ("" for reasons not tied to a field)."""
        out: dict[str, str] = {}
        for reason in self.reasons:
            out.setdefault(reason.field, reason.message)
        return out
