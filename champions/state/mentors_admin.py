"""MentorsAdminState: the secretariat creates mentor accounts."""

import reflex as rx
from sqlmodel import select

from champions.infra.db import session_scope
from champions.infra.reasons import RuleViolation
from champions.models import Role, User
from champions.services.accounts.accounts import create_user
from champions.services.accounts.passwords import hash_password, password_problems
from champions.services.audit import record_audit
from champions.state.auth import current_caller
from champions.state.identity import Caller, form_values, off_loop, off_loop_cpu


def _mentors() -> list[dict[str, str]]:
    with session_scope() as session:
        users = session.exec(select(User).where(User.role == Role.MENTOR).order_by(User.full_name))
        return [{"name": u.full_name, "email": u.email} for u in users]


def _create(caller: Caller, full_name: str, email: str, password: str) -> None:
    problems = password_problems(password)
    if problems:
        raise RuleViolation(problems)
    password_hash = hash_password(password)
    with session_scope() as session:
        user = create_user(session=session, email=email, full_name=full_name, role=Role.MENTOR, password_hash=password_hash)
        record_audit(
            session=session, actor_id=caller.id, action="user.create", entity="user",
            entity_id=user.id, after={"role": "mentor", "email": user.email},
        )


class MentorsAdminState(rx.State):
    mentors: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    message: str = ""

    @rx.event
    async def load(self):
        if await current_caller(self, Role.SECRETARIAT) is None:
            return rx.redirect("/login")
        self.mentors = await off_loop(_mentors)

    @rx.event
    async def create_mentor(self, form_data: dict):
        caller = await current_caller(self, Role.SECRETARIAT)
        if caller is None:
            return rx.redirect("/login")
        values = form_values(form_data, "full_name", "email", "password")
        self.errors, self.message = {}, ""
        try:
            await off_loop_cpu(_create, caller, *values)
        except RuleViolation as violation:
            self.errors = {k: v for k, v in violation.by_field().items() if k}
            return
        self.message = f"Mentor account created for {values[1].strip().lower()}."
        self.mentors = await off_loop(_mentors)
        return rx.set_value("mentor_password", "")
