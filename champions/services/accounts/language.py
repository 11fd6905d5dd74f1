"""The language a person chose for the interface and their emails."""

from sqlmodel import Session

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.translations import is_language
from champions.models import User


def set_language(*, session: Session, user_id: int, language: str) -> None:
    """Keep `language` as the account's choice (its pages and emails speak it from now on).
    Raises RuleViolation for a language the program does not offer. Flushes."""
    if not is_language(language):
        raise RuleViolation([Reason("unknown_language", "Choose one of the languages offered.", "language")])
    user = session.get(User, user_id)
    if user is not None and user.language != language:
        user.language = language
        session.add(user)
        session.flush()
