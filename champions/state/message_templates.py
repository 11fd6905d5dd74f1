"""MessageTemplatesState: on /secretariat/messages, the edition's wording of each kind of
message in each language: previewed with a real recipient's data (placeholders checked first),
then saved as previewed, or reset to the default. The edition is the page's
(MessagesAdminState)."""

import reflex as rx

from champions.infra.reasons import RuleViolation
from champions.infra.translations import N_, SOURCE_LANGUAGE, is_language
from champions.models import Role
from champions.services.messages.admin import (
    preview_template_in,
    reset_template_in,
    save_template_in,
    templates_in,
)
from champions.services.messages.custom import TemplateLine
from champions.services.messages.preview import TemplatePreview
from champions.state.guard import for_role
from champions.state.identity import Caller, call_service, form_values
from champions.state.messages_admin import MessagesAdminState


class MessageTemplatesState(rx.State):
    lines: list[TemplateLine] = []
    kind: str = ""
    language: str = SOURCE_LANGUAGE  # the language of the wording edited
    _language_chosen: bool = False  # until the menu is used: the secretariat's own language
    shown: TemplateLine = TemplateLine("", "", "", "", False, "")  # the chosen kind's wording
    version: int = 0  # new keys for the fields when the wording shown changes
    errors: dict[str, str] = {}
    notice: str = ""
    preview: TemplatePreview = TemplatePreview()
    previewed: bool = False
    _pending: list[str] = []  # what was previewed: edition, kind, subject, body, language

    async def _cohort(self) -> str:
        """The page's edition (the current one until the page has chosen)."""
        page = await self.get_state(MessagesAdminState)
        if not page.cohort:
            await page._refresh()
        return page.cohort

    async def _refresh(self):
        self.lines = await call_service(
            templates_in, cohort_name=await self._cohort(), language=self.language
        )
        if not any(line.kind == self.kind for line in self.lines):
            self.kind = self.lines[0].kind if self.lines else ""
        self._show()

    def _show(self):
        self.shown = next(
            (line for line in self.lines if line.kind == self.kind), TemplateLine("", "", "", "", False, "")
        )
        self.version += 1
        self.errors, self.preview, self.previewed, self._pending = {}, TemplatePreview(), False, []

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def load(self, caller: Caller):
        self.notice = ""
        if not self._language_chosen:
            self.language = caller.language if is_language(caller.language) else SOURCE_LANGUAGE
        await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_kind(self, caller: Caller, kind: str):
        if any(line.kind == kind for line in self.lines):
            self.kind, self.notice = kind, ""
            self._show()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def choose_language(self, caller: Caller, language: str):
        """Edit the wording that recipients reading this language get."""
        if is_language(language) and language != self.language:
            self.language, self.notice, self._language_chosen = language, "", True
            await self._refresh()

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def preview_template(self, caller: Caller, form_data: dict):
        """The typed wording as a real recipient reads it; kept (on the server) for `save`."""
        subject, body = form_values(form_data, "subject", "body")
        cohort = await self._cohort()
        self.errors, self.notice, self.previewed, self._pending = {}, "", False, []
        try:
            self.preview = await call_service(
                preview_template_in,
                cohort_name=cohort,
                kind=self.kind,
                subject=subject,
                body=body,
                language=self.language,
            )
        except RuleViolation as violation:
            self.errors = {k or "subject": v for k, v in violation.by_field(caller.language).items()}
            return
        self.previewed, self._pending = True, [cohort, self.kind, subject, body, self.language]

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def save(self, caller: Caller):
        """Save the wording last previewed, as previewed."""
        if not self.previewed or len(self._pending) != 5:
            self.errors = {"subject": N_("Preview the wording first.")}
            return
        cohort, kind, subject, body, language = self._pending
        try:
            await call_service(
                save_template_in,
                actor_id=caller.id,
                cohort_name=cohort,
                kind=kind,
                subject=subject,
                body=body,
                language=language,
            )
        except RuleViolation as violation:
            self.errors = {k or "subject": v for k, v in violation.by_field(caller.language).items()}
            return
        await self._refresh()
        self.notice = N_("Saved: this edition's messages of this kind use this wording from now on. Audited.")

    @rx.event
    @for_role(Role.SECRETARIAT)
    async def reset_to_default(self, caller: Caller):
        """Use the kind's default wording again in this edition."""
        try:
            await call_service(
                reset_template_in,
                actor_id=caller.id,
                cohort_name=await self._cohort(),
                kind=self.kind,
                language=self.language,
            )
        except RuleViolation as violation:
            self.errors = {k or "subject": v for k, v in violation.by_field(caller.language).items()}
            return
        await self._refresh()
        self.notice = N_("Reset: this kind uses the default wording again. Audited.")
