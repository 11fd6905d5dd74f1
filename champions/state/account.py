"""AccountState: change one's own password, log out everywhere (both end every session of the
account, this one included), download one's data as JSON, delete one's account, make,
renew or stop one's private calendar subscription, and choose whether one's name shows on
the public winners pages (participants)."""

import reflex as rx

from champions.infra.links import app_origin
from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_, gettext
from champions.models import Role
from champions.services.accounts.accounts import change_own_password, end_all_sessions
from champions.services.accounts.personal_data import delete_own_account
from champions.services.accounts.views import personal_data_json
from champions.services.awards.sharing import set_winners_consent, winners_consent
from champions.services.phase1.calendar_feed import feed_addresses, feed_status, start_feed, stop_feed
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, call_service_cpu, forget_the_tab, form_values
from champions.state.language import page_language


class AccountState(rx.State):
    errors: dict[str, str] = {}
    can_delete: bool = False
    feed_available: bool = False
    feed_active: bool = False
    feed_since: str = ""
    # The feed's addresses, shown once, right after they are made (only a hash is kept).
    feed_url: str = ""
    feed_webcal: str = ""
    feed_message: str = ""
    name_on_winners_page: bool = False

    @rx.event
    @for_role()
    async def load(self, caller: Caller):
        self.errors, self.can_delete = {}, caller.role == Role.PARTICIPANT
        self.feed_url, self.feed_webcal, self.feed_message = "", "", ""
        await self._feed_status(caller)
        if caller.role == Role.PARTICIPANT:
            self.name_on_winners_page = await call_service(winners_consent, user_id=caller.id)

    async def _feed_status(self, caller: Caller) -> None:
        status = await call_service(
            feed_status, user_id=caller.id, language=await page_language(self, caller)
        )
        self.feed_available, self.feed_active, self.feed_since = status.available, status.active, status.since

    @rx.event
    @for_role(Role.PARTICIPANT, Role.MENTOR)
    async def start_feed(self, caller: Caller):
        """Make the calendar address, or a new one in place of the old (which stops working)."""
        renewing = self.feed_active
        token = await call_service(start_feed, user_id=caller.id)
        self.feed_url, self.feed_webcal = feed_addresses(app_origin(), token)
        self.feed_message = (
            N_("Your new calendar address is below: the previous one no longer works.")
            if renewing
            else N_("Your calendar address is below.")
        )
        await self._feed_status(caller)

    @rx.event
    @for_role(Role.PARTICIPANT, Role.MENTOR)
    async def stop_feed(self, caller: Caller):
        await call_service(stop_feed, user_id=caller.id)
        self.feed_url, self.feed_webcal = "", ""
        self.feed_message = N_(
            "Your calendar address is stopped: calendar apps get nothing from it any more."
        )
        await self._feed_status(caller)

    @rx.event
    @for_role(Role.PARTICIPANT)
    async def set_name_on_winners_page(self, caller: Caller, shown: bool):
        self.name_on_winners_page = await call_service(
            set_winners_consent, user_id=caller.id, shown=bool(shown)
        )
        return rx.toast.success(
            gettext(caller.language, "Your name is shown on the winners pages.")
            if self.name_on_winners_page
            else gettext(caller.language, "Your name is no longer shown on the winners pages.")
        )

    @rx.event
    @for_role()
    async def download_my_data(self, caller: Caller):
        text = await call_service(personal_data_json, user_id=caller.id, language=caller.language)
        return rx.download(
            data=text.encode("utf-8"), filename="my-champions-data.json", mime_type="application/json"
        )

    @rx.event
    @for_role()
    async def delete_my_account(self, caller: Caller, form_data: dict):
        (password,) = form_values(form_data, "delete_password")
        self.errors = {}
        try:
            await call_service_cpu(delete_own_account, user_id=caller.id, password=password)
        except RuleViolation as violation:
            self.errors = {k or "delete_password": v for k, v in violation.by_field(caller.language).items()}
            return
        await self._forget_session()
        return [rx.redirect("/"), rx.toast.success(gettext(caller.language, "Your account is deleted."))]

    @rx.event
    @for_role()
    async def change_password(self, caller: Caller, form_data: dict):
        current, new, repeat = form_values(form_data, "current_password", "new_password", "repeat_password")
        self.errors = {}
        try:
            await call_service_cpu(
                change_own_password, user_id=caller.id, current=current, new=new, repeat=repeat
            )
        except RuleViolation as violation:
            self.errors = {k: v for k, v in violation.by_field(caller.language).items() if k}
            return
        await self._forget_session()
        return [
            rx.redirect("/login"),
            rx.toast.success(gettext(caller.language, "Password changed. Log in with your new password.")),
        ]

    @rx.event
    @for_role()
    async def log_out_everywhere(self, caller: Caller):
        await call_service(end_all_sessions, user_id=caller.id)
        await self._forget_session()
        return [
            rx.redirect("/login"),
            rx.toast.success(gettext(caller.language, "You are logged out on every device.")),
        ]

    async def _forget_session(self) -> None:
        await forget_the_tab(self)
