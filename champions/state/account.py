"""AccountState: change one's own password, log out everywhere (both end every session of the
account, this one included), download one's data as JSON, delete one's account."""

import json

import reflex as rx

from champions.infra.db import session_scope
from champions.infra.reasons import Reason, RuleViolation
from champions.models import Role, User
from champions.services.accounts.accounts import change_password, end_all_sessions
from champions.services.accounts.passwords import hash_password, password_problems, verify_password
from champions.services.accounts.personal_data import delete_account, deletion_refusal, personal_data
from champions.state.auth import AuthState, current_caller
from champions.state.identity import Caller, form_values, off_loop, off_loop_cpu


def _change(caller: Caller, current: str, new: str, repeat: str) -> None:
    problems = [Reason(r.code, r.message, "new_password") for r in password_problems(new)]
    if new != repeat:
        problems.append(Reason("mismatch", "The two new passwords differ.", "repeat_password"))
    with session_scope() as session:
        user = session.get(User, caller.id)
        if not verify_password(current[:1024], user.password_hash):
            problems.insert(0, Reason("wrong", "Your current password is not correct.", "current_password"))
        if problems:
            raise RuleViolation(problems)
        change_password(session=session, user=user, new_hash=hash_password(new))


def _my_data(caller: Caller) -> str:
    with session_scope() as session:
        return json.dumps(personal_data(session=session, user_id=caller.id), ensure_ascii=False, indent=1)


def _delete(caller: Caller, password: str) -> None:
    with session_scope() as session:
        user = session.get(User, caller.id)
        refusal = deletion_refusal(user)
        if refusal is not None:
            raise RuleViolation([refusal])
        if not verify_password(password[:1024], user.password_hash):
            raise RuleViolation([Reason("wrong", "Your password is not correct.", "delete_password")])
        delete_account(session=session, user_id=caller.id)


def _end_all(caller: Caller) -> None:
    with session_scope() as session:
        end_all_sessions(session=session, user_id=caller.id)


class AccountState(rx.State):
    errors: dict[str, str] = {}
    can_delete: bool = False

    @rx.event
    async def load(self):
        caller = await current_caller(self)
        if caller is None:
            return rx.redirect("/login")
        self.errors, self.can_delete = {}, caller.role == Role.PARTICIPANT

    @rx.event
    async def download_my_data(self):
        caller = await current_caller(self)
        if caller is None:
            return rx.redirect("/login")
        text = await off_loop(_my_data, caller)
        return rx.download(data=text.encode("utf-8"), filename="my-champions-data.json", mime_type="application/json")

    @rx.event
    async def delete_my_account(self, form_data: dict):
        caller = await current_caller(self)
        if caller is None:
            return rx.redirect("/login")
        (password,) = form_values(form_data, "delete_password")
        self.errors = {}
        try:
            await off_loop_cpu(_delete, caller, password)
        except RuleViolation as violation:
            self.errors = {k or "delete_password": v for k, v in violation.by_field().items()}
            return
        await self._forget_session()
        return [rx.redirect("/"), rx.toast.success("Your account is deleted.")]

    @rx.event
    async def change_password(self, form_data: dict):
        caller = await current_caller(self)
        if caller is None:
            return rx.redirect("/login")
        values = form_values(form_data, "current_password", "new_password", "repeat_password")
        self.errors = {}
        try:
            await off_loop_cpu(_change, caller, *values)
        except RuleViolation as violation:
            self.errors = {k: v for k, v in violation.by_field().items() if k}
            return
        await self._forget_session()
        return [rx.redirect("/login"), rx.toast.success("Password changed. Log in with your new password.")]

    @rx.event
    async def log_out_everywhere(self):
        caller = await current_caller(self)
        if caller is None:
            return rx.redirect("/login")
        await off_loop(_end_all, caller)
        await self._forget_session()
        return [rx.redirect("/login"), rx.toast.success("You are logged out on every device.")]

    async def _forget_session(self) -> None:
        auth = await self.get_state(AuthState)
        auth.session_token = ""
        auth.user_name, auth.user_role = "", ""
        auth.login_error = ""
