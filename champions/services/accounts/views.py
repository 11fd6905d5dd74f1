"""What the account pages show, read in one go per page: typed values the states display or
hand over as they are. Read only."""

import json
from dataclasses import dataclass

from sqlmodel import Session, select

from champions.models import Role, User
from champions.services.accounts.personal_data import personal_data


@dataclass(frozen=True)
class MentorLine:
    name: str
    email: str


def mentor_accounts(*, session: Session) -> list[MentorLine]:
    """Every mentor account, by name."""
    users = session.exec(select(User).where(User.role == Role.MENTOR).order_by(User.full_name))
    return [MentorLine(user.full_name, user.email) for user in users]


def personal_data_json(*, session: Session, user_id: int, language: str = "en") -> str:
    """The person's own data (`personal_data`) as the JSON file they download, its headings in
    `language` (theirs)."""
    return json.dumps(
        personal_data(session=session, user_id=user_id, language=language), ensure_ascii=False, indent=1
    )
