"""The Reflex app: pages and their on_load events."""

import reflex as rx

from champions.caching import cache_headers
from champions.components.i18n import t
from champions.errors import backend_exception_handler
from champions.infra.translations import N_
from champions.page_paths import pages_at_their_address
from champions.pages.accessibility import accessibility
from champions.pages.account import account
from champions.pages.awards import awards
from champions.pages.invitation import invitation
from champions.pages.landing import landing
from champions.pages.login import login
from champions.pages.mentor import mentor_home
from champions.pages.my_application import my_application
from champions.pages.notifications import notifications
from champions.pages.password_reset import forgot_password, reset_password
from champions.pages.privacy import privacy
from champions.pages.register import confirm_email, register
from champions.pages.schedule import schedule
from champions.pages.secretariat_applications import secretariat_applications
from champions.pages.secretariat_audit import secretariat_audit
from champions.pages.secretariat_awards import secretariat_awards
from champions.pages.secretariat_dashboard import secretariat_dashboard
from champions.pages.secretariat_editions import secretariat_editions
from champions.pages.secretariat_judging import secretariat_judging
from champions.pages.secretariat_lectures import secretariat_lectures
from champions.pages.secretariat_mentors import secretariat_mentors
from champions.pages.secretariat_messages import secretariat_messages
from champions.pages.secretariat_outbox import secretariat_outbox
from champions.pages.secretariat_progress import secretariat_progress
from champions.pages.secretariat_results import secretariat_results
from champions.pages.secretariat_roster import secretariat_roster
from champions.pages.secretariat_settings import secretariat_settings
from champions.pages.secretariat_teams import secretariat_teams
from champions.pages.secretariat_workshops import secretariat_workshops
from champions.pages.team import team
from champions.routes import api
from champions.security import security_headers
from champions.services.messages.outbox import deliver_forever
from champions.state.account import AccountState
from champions.state.applications_admin import ApplicationsAdminState
from champions.state.audit_admin import AuditState
from champions.state.auth import AuthState
from champions.state.awards_admin import AwardState
from champions.state.awards_view import ParticipantAwardsState
from champions.state.ceremony import CeremonyState
from champions.state.dashboard import DashboardState
from champions.state.editions_admin import EditionsAdminState
from champions.state.held_messages import HeldMessagesState
from champions.state.hydration import check_sessions_on_hydration
from champions.state.invitation import InvitationState
from champions.state.judging import JudgingState
from champions.state.judging_admin import JudgingAdminState
from champions.state.landing import LandingState
from champions.state.lectures_admin import LecturesAdminState
from champions.state.mentors_admin import MentorsAdminState
from champions.state.message_templates import MessageTemplatesState
from champions.state.messages_admin import MessagesAdminState
from champions.state.my_application import MyApplicationState
from champions.state.notifications import NotificationsState
from champions.state.outbox_admin import OutboxState
from champions.state.password_reset import ResetPasswordState
from champions.state.progress_admin import ProgressAdminState
from champions.state.registration import ConfirmEmailState, RegistrationState
from champions.state.results_admin import ResultsAdminState
from champions.state.roster import RosterState
from champions.state.schedule import ScheduleState
from champions.state.settings_admin import SettingsAdminState
from champions.state.team import TeamState
from champions.state.teams_admin import TeamsAdminState
from champions.state.workshops_admin import WorkshopsAdminState

app = rx.App(
    stylesheets=["/styles.css"],
    # Focus to the first field in error after a refused submit, and back from closed dialogs.
    head_components=[rx.script(src="/a11y.js")],
    # Last: a page's address is rewritten to its file before the others see the request.
    api_transformer=[api, security_headers, cache_headers, pages_at_their_address],
    backend_exception_handler=backend_exception_handler,
    # The toasts' region is named in the page's language (sonner adds its shortcut, alt+T).
    toaster=rx.toast.provider(custom_attrs={"containerAriaLabel": t("Notifications")}),
)
app.register_lifespan_task(deliver_forever)
check_sessions_on_hydration()  # a reload resends nothing of a session that ended elsewhere

_identity = AuthState.refresh_identity


# A route's title: "page · Smart City Champions" or "page · Secretariat". Reflex writes it at
# build time, in English; the i18n runtime shows each part from the catalogue in the viewer's
# language (champions/components/i18n_build.py).
def _title(page: str, where: str = "Smart City Champions") -> str:
    return f"{page} · {where}"


app.add_page(landing, route="/", title="Smart City Champions", on_load=[_identity, LandingState.load])
app.add_page(
    register,
    route="/register",
    title=_title(N_("Apply")),
    on_load=[_identity, RegistrationState.load],
)
app.add_page(login, route="/login", title=_title(N_("Log in")), on_load=AuthState.redirect_logged_in)
app.add_page(
    forgot_password,
    route="/forgot-password",
    title=_title(N_("Forgot your password")),
    on_load=_identity,
)
app.add_page(
    reset_password,
    route="/reset-password",
    title=_title(N_("New password")),
    on_load=[_identity, ResetPasswordState.load],
)
app.add_page(
    invitation,
    route="/invitation",
    title=_title(N_("Create your account")),
    on_load=[_identity, InvitationState.load],
)
app.add_page(
    accessibility,
    route="/accessibility",
    title=_title(N_("Accessibility statement")),
    on_load=_identity,
)
app.add_page(
    confirm_email,
    route="/confirm-email",
    title=_title(N_("Confirm your email")),
    on_load=[_identity, ConfirmEmailState.load],
)
app.add_page(privacy, route="/privacy", title=_title(N_("Privacy notice")), on_load=_identity)
app.add_page(
    my_application,
    route="/my-application",
    title=_title(N_("My application")),
    # The ceremony card (above the page's own content) is loaded first: appearing after the
    # content, it pushed all of it down (a layout shift). The same on the participant's pages.
    on_load=[_identity, CeremonyState.load, MyApplicationState.load],
)
app.add_page(
    mentor_home,
    route="/mentor",
    title=_title(N_("Mentor")),
    on_load=[AuthState.require_mentor, JudgingState.load],
)
app.add_page(
    account,
    route="/account",
    title=_title(N_("My account")),
    on_load=[_identity, AccountState.load],
)
app.add_page(
    notifications,
    route="/notifications",
    title=_title(N_("Notifications")),
    on_load=[_identity, NotificationsState.load],
)
app.add_page(
    secretariat_dashboard,
    route="/secretariat",
    title=_title(N_("Dashboard"), N_("Secretariat")),
    on_load=[_identity, DashboardState.load],
)
app.add_page(
    secretariat_editions,
    route="/secretariat/editions",
    title=_title(N_("Editions"), N_("Secretariat")),
    on_load=[_identity, EditionsAdminState.load],
)
app.add_page(
    secretariat_outbox,
    route="/secretariat/outbox",
    title=_title(N_("Outbox"), N_("Secretariat")),
    on_load=[_identity, OutboxState.load],
)
app.add_page(
    secretariat_messages,
    route="/secretariat/messages",
    title=_title(N_("Messages"), N_("Secretariat")),
    on_load=[_identity, MessagesAdminState.load, MessageTemplatesState.load, HeldMessagesState.load],
)
app.add_page(
    secretariat_audit,
    route="/secretariat/audit",
    title=_title(N_("Audit log"), N_("Secretariat")),
    on_load=[_identity, AuditState.load],
)
app.add_page(
    secretariat_applications,
    route="/secretariat/applications",
    title=_title(N_("Applications"), N_("Secretariat")),
    on_load=[_identity, ApplicationsAdminState.load],
)
app.add_page(
    secretariat_mentors,
    route="/secretariat/mentors",
    title=_title(N_("Mentors"), N_("Secretariat")),
    on_load=[_identity, MentorsAdminState.load],
)
app.add_page(
    schedule,
    route="/schedule",
    title=_title(N_("Lectures")),
    on_load=[_identity, CeremonyState.load, ScheduleState.load],
)
app.add_page(
    secretariat_lectures,
    route="/secretariat/lectures",
    title=_title(N_("Lectures"), N_("Secretariat")),
    on_load=[_identity, LecturesAdminState.load],
)
app.add_page(
    secretariat_roster,
    route="/secretariat/roster",
    title=_title(N_("Attendance roster"), N_("Secretariat")),
    on_load=[_identity, RosterState.load],
)
app.add_page(
    secretariat_progress,
    route="/secretariat/progress",
    title=_title(N_("Phase 1 progress"), N_("Secretariat")),
    on_load=[_identity, ProgressAdminState.load],
)
app.add_page(
    team,
    route="/team",
    title=_title(N_("My team")),
    on_load=[_identity, CeremonyState.load, TeamState.load],
)
app.add_page(
    secretariat_settings,
    route="/secretariat/settings",
    title=_title(N_("Settings"), N_("Secretariat")),
    on_load=[_identity, SettingsAdminState.load],
)
app.add_page(
    secretariat_workshops,
    route="/secretariat/workshops",
    title=_title(N_("Workshops"), N_("Secretariat")),
    on_load=[_identity, WorkshopsAdminState.load],
)
app.add_page(
    secretariat_teams,
    route="/secretariat/teams",
    title=_title(N_("Teams"), N_("Secretariat")),
    on_load=[_identity, TeamsAdminState.load],
)
app.add_page(
    secretariat_judging,
    route="/secretariat/judging",
    title=_title(N_("Judging"), N_("Secretariat")),
    on_load=[_identity, JudgingAdminState.load],
)
app.add_page(
    secretariat_results,
    route="/secretariat/results",
    title=_title(N_("Judging results"), N_("Secretariat")),
    on_load=[_identity, ResultsAdminState.load],
)
app.add_page(
    secretariat_awards,
    route="/secretariat/awards",
    title=_title(N_("Awards"), N_("Secretariat")),
    on_load=[_identity, AwardState.load],
)
app.add_page(
    awards,
    route="/awards",
    title=_title(N_("Awards")),
    on_load=[_identity, CeremonyState.load, ParticipantAwardsState.load],
)
