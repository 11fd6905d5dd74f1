"""The written authorization policy: for every event handler of every state class, who may
change the database through it, the payload the matrix sends, and what the page calls first.

`tests/e2e/test_authorization_matrix.py` enumerates the handlers by introspection and fails
for any handler missing here (and for entries naming a handler that no longer exists).

Reading an entry: `Rule(writers, payload, prelude, control)`
- `writers`: the roles whose call may change the database. Everyone else's call must leave
  every table exactly as it was, whatever state the page was in before.
- `payload(world)`: the arguments, aimed at the target team, person and submission.
- `prelude`: the calls a real page makes first (load, open a dialog, choose a row), made by
  the state's owner before the caller is swapped in: a refused caller then faces a page the
  permitted role has set up, which is the hardest case for the handler's own check.
- `control`: True when the first writer's call must change the database (this proves the
  payload really reaches the rule); otherwise the reason it does not in this world.
- `live` and `live_control`: the same two for the edition in progress (the `in_progress` data
  state of tests/e2e/authorization_world.py), where windows are open, so more callers may have a
  right to write (another team's participant checks in to their own lecture) and a call refused
  for a closed date in 2022 must now get through for its writer. None: as in 2022.

A handler whose payload carries an id (of an application, lecture, team, submission, review
code, round, award category, edition…) is also called with another cohort's id and with an id
no row has, by every caller (the secretariat: the missing ids only): that changes nothing and
sends nothing private.

Which private data each role may read is not per handler: it is the world's `secrets`
(tests/e2e/authorization_world.py) and holds for every delta of every call.
"""

from collections.abc import Callable
from dataclasses import dataclass

from tests.e2e.authorization_world import (
    APPLICANT,
    EVERYONE,
    IN_PROGRESS,
    LOGGED_IN,
    MENTOR_ASSIGNED,
    MENTORS,
    NOBODY,
    OTHER_PARTICIPANT,
    PARTICIPANT,
    PARTICIPANTS,
    REVOKED,
    SECRETARIAT,
    WITHDRAWN,
    World,
)

Payload = Callable[[World], dict]
Step = tuple[str, Payload]


def _none(_w: World) -> dict:
    return {}


@dataclass(frozen=True)
class Rule:
    writers: frozenset = frozenset()
    payload: Payload = _none
    prelude: tuple[Step, ...] = ()
    control: bool | str = True
    live: frozenset | None = None
    live_control: bool | str | None = None
    # Refused callers whose same call on a tab of their own is their own right, which would
    # change the world the later tests rely on (e.g. withdrawing their own application): the
    # reload scan of their own tab leaves them out.
    own_right: frozenset = frozenset()

    def writers_in(self, data_state: str) -> frozenset:
        return self.live if data_state == IN_PROGRESS and self.live is not None else self.writers

    def control_in(self, data_state: str) -> bool | str:
        return (
            self.live_control if data_state == IN_PROGRESS and self.live_control is not None else self.control
        )


def _p(**values) -> Payload:
    return lambda w: {k: (v(w) if callable(v) else v) for k, v in values.items()}


def _form(**values) -> Payload:
    return lambda w: {"form_data": {k: (v(w) if callable(v) else v) for k, v in values.items()}}


READ = Rule(control="reads only")
SEC = frozenset({SECRETARIAT})
NONE = frozenset()
LOAD: tuple[Step, ...] = (("load", _none),)
COHORT_2022: tuple[Step, ...] = (("load", _none), ("choose_cohort", _p(name=lambda w: w.cohort)))
SHOW_2022: tuple[Step, ...] = (
    ("show", _p(zone="Asia/Seoul")),
    ("choose_cohort", _p(name=lambda w: w.cohort)),
)
REASON = "The matrix checks who may do this."
UI_ONLY = Rule(control="changes only what the page shows")


def _team_key(w: World) -> str:
    return w.review_code


# The owner primes the page (see `prelude`): the role whose page the state belongs to.
OWNERS = {
    "JudgingState": MENTOR_ASSIGNED,
    "TeamState": PARTICIPANT,
    "ScheduleState": PARTICIPANT,
    "MyApplicationState": PARTICIPANT,
    "ParticipantAwardsState": PARTICIPANT,
    "AccountState": PARTICIPANT,
    "NotificationsState": PARTICIPANT,
    "LanguageState": NOBODY,
    "AuthState": NOBODY,
    "RegistrationState": NOBODY,
    "ConfirmEmailState": NOBODY,
    "ForgotPasswordState": NOBODY,
    "ResetPasswordState": NOBODY,
    "InvitationState": NOBODY,
    "LandingState": NOBODY,
    "CeremonyState": PARTICIPANT,
    "ContactsState": NOBODY,
    # Reflex's own states: hydration, on_load dispatch, client storage, frontend errors.
    "State": NOBODY,
    "UpdateVarsInternalState": NOBODY,
    "OnLoadInternalState": NOBODY,
    "FrontendEventExceptionState": NOBODY,
    "SharedStateBaseInternal": NOBODY,
}
OWNER_DEFAULT = SECRETARIAT  # every other state is a secretariat page's


POLICY: dict[str, Rule] = {
    # --- Reflex's own handlers ---------------------------------------------------------------
    "State.hydrate_and_load": Rule(payload=_p(vars={}), control="hydration"),
    "State.hydrate": Rule(control="hydration"),
    "State.set_is_hydrated": Rule(payload=_p(value=True), control="a flag"),
    # Every state has Reflex's generic setter; this app defines no `set_<var>` setters it
    # could reach, so it changes nothing (the named handlers are checked one by one).
    "*.setvar": Rule(payload=_p(var_name="cohort", value="2022"), control="no setters"),
    "UpdateVarsInternalState.update_vars_internal": Rule(payload=_p(vars={}), control="client storage"),
    "OnLoadInternalState.on_load_internal": Rule(control="queues the page's on_load handlers"),
    "OnLoadInternalState.set_is_hydrated": Rule(payload=_p(value=True), control="a flag"),
    "FrontendEventExceptionState.handle_frontend_exception": Rule(
        payload=_p(info="Error: matrix", component_stack=""), control="logs"
    ),
    # --- public pages ------------------------------------------------------------------------
    "AuthState.login": Rule(
        writers=EVERYONE,
        payload=_form(email=lambda w: w.emails[SECRETARIAT], password="wrong password"),
        control=True,
    ),  # a failed login is recorded (throttling)
    # Ends the caller's own session (also one the app no longer honours: expired, deactivated).
    "AuthState.logout": Rule(writers=EVERYONE - {NOBODY, REVOKED}, control=True),
    "AuthState.start": Rule(
        payload=_p(token="not-a-session"), control="adopts a token the browser already has"
    ),
    "AuthState.redirect_logged_in": READ,
    "AuthState.refresh_identity": READ,
    "AuthState.require_mentor": READ,
    "LandingState.load": READ,
    "ContactsState.load": READ,  # the program's public contacts, in every page's footer
    "RegistrationState.load": READ,
    "ConfirmEmailState.load": READ,  # without a valid token in the address: nothing to confirm
    "RegistrationState.count_motivation": Rule(payload=_p(text="a b c"), control="counts words"),
    "RegistrationState.submit": Rule(
        writers=EVERYONE,
        payload=_form(
            full_name="Matrix Applicant",
            email="matrix.applicant@example.org",
            password="matrix applicant password",
            date_of_birth="2000-01-01",
            country="KR",
            city="Seoul",
            affiliation="",
            field_of_study="",
            motivation=" ".join(["word"] * 60),
            consent="on",
        ),
        control="registration windows depend on today; tests/e2e/test_foundation.py registers",
    ),
    "ForgotPasswordState.ask": Rule(
        writers=EVERYONE, payload=_form(email=lambda w: w.emails[PARTICIPANT]), control=True
    ),  # an outbox message (and a throttle count)
    "ResetPasswordState.load": READ,
    "ResetPasswordState.submit": Rule(
        payload=_form(new_password="brand new password 1", repeat_password="brand new password 1"),
        control="needs the emailed link; tests/e2e/test_password_reset.py",
    ),
    "InvitationState.load": READ,  # without a valid token in the address: nobody is greeted
    "InvitationState.accept": Rule(
        payload=_form(new_password="brand new password 1", repeat_password="brand new password 1"),
        control="needs the emailed link; tests/e2e/test_invitations.py",
    ),
    # --- a participant's own pages ----------------------------------------------------------
    "MyApplicationState.load": READ,
    "MyApplicationState.withdraw": Rule(
        writers=frozenset({PARTICIPANT}),
        prelude=LOAD,  # V's application is on the page: only V may withdraw it
        own_right=frozenset({OTHER_PARTICIPANT}),  # in progress, they may withdraw their own
        control="the 2022 cohort is over: nothing to withdraw",
        live_control=True,  # (the last control: V leaves T)
    ),
    "ParticipantAwardsState.load": READ,
    "ScheduleState.load": READ,
    "ScheduleState.show": Rule(payload=_p(zone="Asia/Seoul"), control="reads only"),
    "ScheduleState.download_calendar": Rule(prelude=(("show", _p(zone="Asia/Seoul")),), control="a download"),
    "ScheduleState.check_in": Rule(
        writers=frozenset({PARTICIPANT}),
        prelude=(("show", _p(zone="Asia/Seoul")),),
        payload=_form(lecture_id=lambda w: str(w.lecture_id), code="ABC123"),
        control="the 2022 check-in windows are closed: nothing is recorded",
        # In progress the lecture is under way: each participant of the edition may try a code
        # (a wrong one is recorded, to throttle guessing); no one else may.
        live=PARTICIPANTS,
        live_control=True,
    ),
    "ScheduleState.submit_reflection": Rule(
        writers=frozenset({PARTICIPANT}),
        prelude=(("show", _p(zone="Asia/Seoul")),),
        payload=_form(lecture_id=lambda w: str(w.lecture_id), text="Matrix reflection " * 20),
        control="the 2022 lectures are past their reflection period",
        live_control="the lecture is under way: there is nothing missed to reflect on yet",
    ),
    "TeamState.load": READ,
    "TeamState.show": Rule(payload=_p(zone="Asia/Seoul"), control="reads only"),
    "TeamState.create": Rule(
        writers=PARTICIPANTS,
        prelude=LOAD,
        payload=_form(name="Matrix Team", challenge="Matrix challenge", city="Seoul"),
        control="2022 teams are locked",
        live_control="V and the other participant are in teams already",
    ),
    "TeamState.edit": Rule(
        writers=PARTICIPANTS,
        prelude=LOAD,  # their own team's details
        payload=_form(name="Matrix Renamed", challenge="Matrix challenge", city="Seoul"),
        control="2022 teams are locked",
        live_control=True,
    ),
    "TeamState.join": Rule(
        writers=PARTICIPANTS,
        prelude=LOAD,
        payload=_form(code="ABCDEFGH"),
        control="2022 teams are locked",
        live_control="no team has this invite code (and both participants are in teams)",
    ),
    "TeamState.leave": Rule(
        writers=frozenset({PARTICIPANT}),
        prelude=LOAD,
        control="2022 teams are locked",
        live_control="T has submitted: its members stay",
    ),
    "TeamState.submitting": Rule(
        payload=lambda w: {"workshop_id": str(w.workshop_id)}, control="a busy flag"
    ),
    "TeamState.save_recommendations": Rule(
        writers=PARTICIPANTS,
        prelude=LOAD,
        payload=_form(title="Matrix recommendations", body=" ".join(["word"] * 120), target_11_2="on"),
        control="the 2022 final workshop's deadline has passed",
        live_control=True,
    ),
    "TeamState.after_submit": Rule(
        prelude=LOAD,
        payload=lambda w: {"result": {"workshop": str(w.workshop_id)}},
        control="shows an upload's answer; the upload route writes",
    ),
    "AccountState.load": READ,
    "AccountState.download_my_data": Rule(prelude=LOAD, control="a download of the caller's own data"),
    "AccountState.change_password": Rule(
        writers=LOGGED_IN,
        prelude=LOAD,
        payload=_form(
            current_password="wrong current password",
            new_password="brand new password 1",
            repeat_password="brand new password 1",
        ),
        control="a wrong current password changes nothing",
    ),
    "AccountState.log_out_everywhere": Rule(writers=LOGGED_IN, prelude=LOAD),
    # A private calendar address: for participants (applicants too) and mentors, not the secretariat.
    "AccountState.start_feed": Rule(writers=LOGGED_IN - {SECRETARIAT}, prelude=LOAD),
    # The participant has an address in the world: an expired session of theirs must not stop it.
    "AccountState.stop_feed": Rule(writers=LOGGED_IN - {SECRETARIAT}, prelude=LOAD),
    # Any account of the participant role (applicants and withdrawn people too) sets its own
    # winners-page flag, nobody else's; mentors and the secretariat have none.
    "AccountState.set_name_on_winners_page": Rule(
        writers=PARTICIPANTS | {APPLICANT, WITHDRAWN}, prelude=LOAD, payload=_p(shown=True)
    ),
    "AccountState.delete_my_account": Rule(
        writers=PARTICIPANTS,
        prelude=LOAD,
        payload=_form(delete_password="wrong password"),
        control="a wrong password deletes nothing",
    ),
    # The bell, the /notifications page and the choices of /account: the caller's own only.
    "NotificationsState.count": READ,
    "NotificationsState.load": READ,
    "NotificationsState.show": Rule(
        writers=LOGGED_IN,
        payload=_p(zone="Asia/Seoul"),
        control="marks the caller's own notifications read and keeps their zone (maybe as it was)",
    ),
    "NotificationsState.load_choices": READ,
    "NotificationsState.note_zone": Rule(writers=LOGGED_IN, payload=_p(zone="Europe/Paris")),
    "NotificationsState.save_choices": Rule(writers=LOGGED_IN, payload=_form(lecture_reminder="on")),
    # The header's language menu: the caller's own account's language, nobody else's.
    "LanguageState.apply_preference": Rule(payload=_p(showing="en"), control="reads only"),
    "LanguageState.choose": Rule(writers=LOGGED_IN, payload=_p(language="fr")),
    "LanguageState.shown": Rule(payload=_p(language="ar"), control="changes only what the page shows"),
    # --- mentors ----------------------------------------------------------------------------
    "JudgingState.load": READ,
    "JudgingState.open": Rule(prelude=LOAD, payload=lambda w: {"key": _team_key(w)}, control="reads only"),
    "JudgingState.back": Rule(prelude=LOAD, control="reads only"),
    "JudgingState.set_intent": Rule(payload=_p(intent="submit"), control="a flag"),
    "JudgingState.save": Rule(
        writers=frozenset({MENTOR_ASSIGNED}),
        prelude=(("load", _none), ("open", lambda w: {"key": _team_key(w)})),
        payload=_form(comment="Matrix comment", private_note="Matrix note"),
        control="the 2022 rounds are published: scores are final",
        live_control=True,  # the round is open: a draft is saved
    ),
    "JudgingState.declare": Rule(
        writers=MENTORS,
        prelude=LOAD,
        payload=lambda w: {"form_data": {"submission": w.review_code, "reason": REASON}},
        control="the assigned mentor has scored this team: a declaration is refused",
    ),
    # --- the secretariat ----------------------------------------------------------------------
    "DashboardState.load": READ,
    "DashboardState.choose_cohort": Rule(
        prelude=LOAD, payload=_p(name=lambda w: w.cohort), control="reads only"
    ),
    "DashboardState.choose_region": Rule(prelude=LOAD, payload=_p(region="Europe"), control="reads only"),
    "DashboardState.choose_country": Rule(prelude=LOAD, payload=_p(code="KR"), control="reads only"),
    "DashboardState.sort_countries": Rule(prelude=LOAD, payload=_p(column="name"), control="reads only"),
    "DashboardState.export": Rule(prelude=COHORT_2022, payload=_p(table="at_risk"), control="a download"),
    "OutboxState.load": READ,
    "OutboxState.retry": Rule(writers=SEC, prelude=LOAD, control="no SMTP server: nothing to send"),
    "AuditState.load": READ,
    "AuditState.show": Rule(payload=_p(zone="Asia/Seoul"), control="reads only"),
    "AuditState.set_filter": Rule(
        prelude=(("show", _p(zone="Asia/Seoul")),),
        payload=_p(key="action", value="score"),
        control="reads only",
    ),
    "AuditState.turn_page": Rule(
        prelude=(("show", _p(zone="Asia/Seoul")),), payload=_p(step=1), control="reads only"
    ),
    "AuditState.export": Rule(prelude=(("show", _p(zone="Asia/Seoul")),), control="a download"),
    "ApplicationsAdminState.load": READ,
    "ApplicationsAdminState.choose_cohort": Rule(
        prelude=LOAD, payload=_p(name=lambda w: w.cohort), control="reads only"
    ),
    "ApplicationsAdminState.set_filter": Rule(
        prelude=COHORT_2022, payload=_p(key="search", value="a"), control="reads only"
    ),
    "ApplicationsAdminState.open_detail": Rule(
        prelude=COHORT_2022,
        payload=_p(application_id=lambda w: str(w.victim_application_id)),
        control="reads only",
    ),
    "ApplicationsAdminState.dialog_open_changed": Rule(payload=_p(is_open=False), control="closes a dialog"),
    "ApplicationsAdminState.toggle": Rule(
        prelude=LOAD,
        payload=_p(application_id=lambda w: str(w.applicant_id), checked=True),
        control="ticks a row",
    ),
    "ApplicationsAdminState.select_all": Rule(prelude=LOAD, payload=_p(checked=True), control="ticks rows"),
    "ApplicationsAdminState.decide_one": Rule(
        writers=SEC,
        prelude=LOAD,
        payload=_p(application_id=lambda w: str(w.applicant_id), decision="waitlisted"),
    ),
    "ApplicationsAdminState.decide_selected": Rule(
        writers=SEC,
        prelude=(("load", _none), ("toggle", _p(application_id=lambda w: str(w.applicant_id), checked=True))),
        payload=_p(decision="accepted"),
    ),
    "ApplicationsAdminState.export_csv": Rule(prelude=COHORT_2022, control="a download"),
    "MentorsAdminState.load": READ,
    "MentorsAdminState.invite": Rule(
        writers=SEC,
        prelude=LOAD,
        payload=_form(full_name="Matrix Mentor", email="matrix.mentor@example.org", role="mentor"),
    ),
    "MentorsAdminState.resend": Rule(
        writers=SEC, prelude=LOAD, payload=_p(invitation_id=lambda w: str(w.invitation_id))
    ),
    "MentorsAdminState.revoke": Rule(
        writers=SEC, prelude=LOAD, payload=_p(invitation_id=lambda w: str(w.invitation_id))
    ),
    "LecturesAdminState.load": READ,
    "LecturesAdminState.show": Rule(payload=_p(zone="Asia/Seoul"), control="reads only"),
    "LecturesAdminState.choose_cohort": Rule(
        prelude=(("show", _p(zone="Asia/Seoul")),), payload=_p(name=lambda w: w.cohort), control="reads only"
    ),
    "LecturesAdminState.new_lecture": Rule(prelude=SHOW_2022, control="opens a dialog"),
    "LecturesAdminState.edit_lecture": Rule(
        prelude=SHOW_2022, payload=_p(lecture_id=lambda w: str(w.lecture_id)), control="opens a dialog"
    ),
    "LecturesAdminState.form_open_changed": Rule(payload=_p(is_open=False), control="closes a dialog"),
    "LecturesAdminState.save": Rule(
        writers=SEC,
        prelude=SHOW_2022 + (("new_lecture", _none),),
        payload=_form(
            title="Matrix lecture",
            speaker="Dr. Matrix",
            description="",
            day="2022-05-02",
            start_time="10:00",
            end_time="11:30",
            zone="Asia/Seoul",
            mode="online",
            join_url="https://meet.example.org/matrix",
            venue="",
            recording_url="",
        ),
    ),
    "LecturesAdminState.start_cancel": Rule(
        prelude=SHOW_2022, payload=_p(lecture_id=lambda w: str(w.lecture_id)), control="opens a dialog"
    ),
    "LecturesAdminState.cancel_open_changed": Rule(payload=_p(is_open=False), control="closes a dialog"),
    "LecturesAdminState.confirm_cancel": Rule(
        writers=SEC,
        prelude=SHOW_2022 + (("start_cancel", _p(lecture_id=lambda w: str(w.lecture_id))),),
        payload=_form(reason=REASON),
        control="a past lecture cannot be cancelled",
    ),
    "LecturesAdminState.reveal_code": Rule(
        writers=SEC, prelude=SHOW_2022, payload=_p(lecture_id=lambda w: str(w.lecture_id), renew=True)
    ),
    "LecturesAdminState.download_calendar": Rule(prelude=SHOW_2022, control="a download"),
    "RosterState.load": READ,
    "RosterState.choose_cohort": Rule(
        prelude=LOAD, payload=_p(name=lambda w: w.cohort), control="reads only"
    ),
    "RosterState.choose_lecture": Rule(
        prelude=COHORT_2022, payload=_p(lecture_id=lambda w: str(w.lecture_id)), control="reads only"
    ),
    "RosterState.set_status": Rule(
        writers=SEC,
        prelude=COHORT_2022 + (("choose_lecture", _p(lecture_id=lambda w: str(w.lecture_id))),),
        payload=_p(user_id=lambda w: str(w.victim_id), status="excused"),
    ),
    "RosterState.mark_all_present": Rule(
        writers=SEC,
        prelude=COHORT_2022 + (("choose_lecture", _p(lecture_id=lambda w: str(w.lecture_id))),),
        control="every 2022 participant has a record for this lecture",
        live_control=True,  # the lecture under way has no record yet
    ),
    "MessagesAdminState.load": READ,
    "MessagesAdminState.choose_cohort": Rule(
        prelude=LOAD, payload=_p(name=lambda w: w.cohort), control="reads only"
    ),
    "MessagesAdminState.preview_message": Rule(
        prelude=COHORT_2022,
        payload=_form(segment="mentors", subject="Matrix {name}", body="Matrix message to {edition}."),
        control="reads only (a preview)",
    ),
    # Sends what the page's owner previewed: a refused caller facing that page sends nothing.
    "MessagesAdminState.send": Rule(
        writers=SEC,
        prelude=COHORT_2022
        + (("preview_message", _form(segment="mentors", subject="Matrix", body="Matrix message.")),),
    ),
    "MessagesAdminState.save_switches": Rule(
        writers=SEC, prelude=COHORT_2022, payload=_form(decision_accepted="on", lecture_reminder="on")
    ),
    # The templates and hold-for-review sections work on the page's edition (the current one
    # until the page chose another).
    "MessageTemplatesState.load": READ,
    "MessageTemplatesState.choose_kind": Rule(
        prelude=LOAD, payload=_p(kind="decision_rejected"), control="changes only what the page shows"
    ),
    "MessageTemplatesState.choose_language": Rule(
        prelude=LOAD, payload=_p(language="ko"), control="changes only what the page shows"
    ),
    "MessageTemplatesState.preview_template": Rule(
        prelude=LOAD,
        payload=_form(subject="Matrix {name}", body="Matrix template for {edition}."),
        control="reads only (a preview)",
    ),
    # Saves what the page's owner previewed: a refused caller facing that page saves nothing.
    "MessageTemplatesState.save": Rule(
        writers=SEC,
        prelude=LOAD
        + (
            ("choose_kind", _p(kind="decision_rejected")),
            ("preview_template", _form(subject="Matrix {name}", body="Matrix template.")),
        ),
    ),
    "MessageTemplatesState.reset_to_default": Rule(
        writers=SEC, prelude=LOAD, control="no template of the world is rewritten: nothing to reset"
    ),
    "HeldMessagesState.load": READ,
    "HeldMessagesState.save_holding": Rule(writers=SEC, prelude=LOAD, payload=_form(hold="on")),
    "HeldMessagesState.approve": Rule(
        writers=SEC,
        prelude=LOAD,
        payload=_p(notification_id=lambda w: str(w.notification_id)),
        control="nothing of the world is held for review",
    ),
    "HeldMessagesState.approve_all": Rule(
        writers=SEC, prelude=LOAD, control="nothing of the world is held for review"
    ),
    "HeldMessagesState.ask_discard": Rule(
        payload=_p(notification_id=lambda w: str(w.notification_id)), control="opens a dialog"
    ),
    "HeldMessagesState.discard_dialog": Rule(payload=_p(is_open=False), control="closes a dialog"),
    "HeldMessagesState.discard": Rule(
        writers=SEC,
        prelude=LOAD + (("ask_discard", _p(notification_id=lambda w: str(w.notification_id))),),
        payload=_form(reason=REASON),
        control="nothing of the world is held for review",
    ),
    "ProgressAdminState.load": READ,
    "ProgressAdminState.choose_cohort": Rule(
        prelude=LOAD, payload=_p(name=lambda w: w.cohort), control="reads only"
    ),
    "ProgressAdminState.approve": Rule(
        writers=SEC, prelude=COHORT_2022, payload=_p(reflection_id=lambda w: str(w.reflection_id))
    ),
    "ProgressAdminState.return_reflection": Rule(
        writers=SEC,
        prelude=COHORT_2022,
        payload=_form(reflection_id=lambda w: str(w.reflection_id), feedback="Please say what you learned."),
        control="runs after approve's control: an approved reflection is not returned",
    ),
    "ProgressAdminState.export": Rule(prelude=COHORT_2022, payload=_p(which="at-risk"), control="a download"),
    "WorkshopsAdminState.load": READ,
    "WorkshopsAdminState.show": Rule(payload=_p(zone="Asia/Seoul"), control="reads only"),
    "WorkshopsAdminState.choose_cohort": Rule(
        prelude=(("show", _p(zone="Asia/Seoul")),), payload=_p(name=lambda w: w.cohort), control="reads only"
    ),
    "WorkshopsAdminState.edit": Rule(
        prelude=SHOW_2022, payload=_p(workshop_id=lambda w: str(w.workshop_id)), control="opens a dialog"
    ),
    "WorkshopsAdminState.open_changed": Rule(payload=_p(is_open=False), control="closes a dialog"),
    "WorkshopsAdminState.new_workshop": Rule(prelude=SHOW_2022, control="opens a dialog"),
    "WorkshopsAdminState.save": Rule(
        writers=SEC,
        prelude=SHOW_2022 + (("edit", _p(workshop_id=lambda w: str(w.workshop_id))),),
        payload=_form(
            title="Matrix workshop",
            brief="",
            opens_day="2022-06-01",
            opens_time="09:00",
            deadline_day="2022-06-20",
            deadline_time="18:00",
            zone="Asia/Seoul",
            judged="yes",
            weight="1",
            session_day="",
            session_start="",
            session_end="",
            mode="hybrid",
            venue="",
            join_url="",
        ),
        control="the deadline falls after the 2022 Phase 2: refused",
    ),
    "WorkshopsAdminState.move": Rule(
        writers=SEC,
        prelude=SHOW_2022,
        # The target workshop is judged, so never the first (the first 2022 workshop is not judged).
        payload=_p(workshop_id=lambda w: str(w.workshop_id), step=-1),
    ),
    "WorkshopsAdminState.ask_remove": Rule(
        prelude=SHOW_2022, payload=_p(workshop_id=lambda w: str(w.workshop_id)), control="opens a dialog"
    ),
    "WorkshopsAdminState.remove_dialog": Rule(payload=_p(is_open=False), control="closes a dialog"),
    "WorkshopsAdminState.confirm_remove": Rule(
        writers=SEC,
        prelude=SHOW_2022 + (("ask_remove", _p(workshop_id=lambda w: str(w.workshop_id))),),
        control="a workshop with submissions is not removed",
    ),
    "WorkshopsAdminState.reveal_code": Rule(
        writers=SEC, prelude=SHOW_2022, payload=_p(workshop_id=lambda w: str(w.workshop_id), renew=True)
    ),
    "WorkshopsAdminState.export_recommendations": Rule(
        writers=SEC, prelude=SHOW_2022, payload=_p(fmt="csv")
    ),  # a download, and an audit entry saying who exported
    "SettingsAdminState.load": READ,
    "SettingsAdminState.save": Rule(
        writers=SEC,
        prelude=LOAD,
        payload=_form(
            email="matrix@wego.example.org",
            phone="+82 2 720 2934",
            address="Seoul",
            website="https://matrix.example.org",
            social="",
            partners="Matrix Partner | https://partner.example.org",
        ),
    ),
    "TeamsAdminState.load": READ,
    "TeamsAdminState.choose_cohort": Rule(
        prelude=LOAD, payload=_p(name=lambda w: w.cohort), control="reads only"
    ),
    "TeamsAdminState.auto_form": Rule(
        writers=SEC, prelude=COHORT_2022, control="2022 teams are formed already"
    ),
    "TeamsAdminState.move": Rule(
        writers=SEC,
        prelude=COHORT_2022,
        payload=_p(user_id=lambda w: str(w.victim_id), team_id=lambda w: str(w.team_id)),
        control="already in that team",
    ),
    "TeamsAdminState.set_locked": Rule(
        writers=SEC, prelude=COHORT_2022, payload=_p(team_id=lambda w: str(w.team_id), locked=False)
    ),
    "TeamsAdminState.set_coach": Rule(
        writers=SEC,
        prelude=COHORT_2022,
        payload=_p(team_id=lambda w: str(w.team_id), mentor_id=lambda w: str(w.unassigned_mentor_id)),
    ),
    "TeamsAdminState.extend": Rule(
        writers=SEC,
        prelude=COHORT_2022,
        payload=_form(
            team_id=lambda w: str(w.team_id),
            workshop_id=lambda w: str(w.workshop_id),
            deadline_day="2030-01-01",
            deadline_time="12:00",
            reason=REASON,
        ),
    ),
    "JudgingAdminState.load": READ,
    "JudgingAdminState.choose_cohort": Rule(
        prelude=LOAD, payload=_p(name=lambda w: w.cohort), control="reads only"
    ),
    "JudgingAdminState.choose_workshop": Rule(
        prelude=COHORT_2022, payload=_p(workshop_id=lambda w: str(w.workshop_id)), control="reads only"
    ),
    "JudgingAdminState.set_cell": Rule(
        prelude=LOAD, payload=_p(key="0", field="name", value="x"), control="edits the form on the page"
    ),
    "JudgingAdminState.add_criterion": Rule(prelude=LOAD, control="edits the form on the page"),
    "JudgingAdminState.remove_criterion": Rule(
        prelude=LOAD, payload=_p(key="0"), control="edits the form on the page"
    ),
    "JudgingAdminState.ask_remove": Rule(
        payload=_p(assignment_id=lambda w: str(w.assignment_id)), control="opens a dialog"
    ),
    "JudgingAdminState.remove_dialog": Rule(payload=_p(is_open=False), control="closes a dialog"),
}

_WORKSHOP_2022: tuple[Step, ...] = COHORT_2022 + (
    ("choose_workshop", _p(workshop_id=lambda w: str(w.workshop_id))),
)
POLICY.update(
    {
        "JudgingAdminState.reopen": Rule(
            writers=SEC,
            prelude=_WORKSHOP_2022,
            payload=_form(reason=REASON),
            control="a published round is not reopened",
        ),
        "JudgingAdminState.move": Rule(
            writers=SEC,
            prelude=_WORKSHOP_2022,
            payload=_p(move="close"),
            control="a published round does not move",
        ),
        "JudgingAdminState.save_rubric": Rule(
            writers=SEC, prelude=_WORKSHOP_2022, control="a scored rubric cannot change"
        ),
        "JudgingAdminState.save_scoring_close": Rule(
            writers=SEC,
            prelude=_WORKSHOP_2022,
            payload=_form(closes_day="2030-01-01", closes_time="12:00"),
            control="a published round's close time stays",
        ),
        "JudgingAdminState.auto_assign": Rule(
            writers=SEC, prelude=COHORT_2022, control="every submission is assigned"
        ),
        "JudgingAdminState.assign": Rule(
            writers=SEC,
            prelude=_WORKSHOP_2022,
            payload=lambda w: {"form_data": {"team": str(w.team_id), "mentor": str(w.unassigned_mentor_id)}},
            control="a published round is not reassigned",
        ),
        "JudgingAdminState.remove": Rule(
            writers=SEC,
            prelude=_WORKSHOP_2022 + (("ask_remove", _p(assignment_id=lambda w: str(w.assignment_id))),),
            payload=_form(reason=REASON),
            control="a mentor who has scored is not removed",
        ),
        "JudgingAdminState.withdraw": Rule(
            writers=SEC, prelude=_WORKSHOP_2022, payload=_p(conflict_id=lambda w: str(w.conflict_id))
        ),
        "ResultsAdminState.load": READ,
        "ResultsAdminState.choose_cohort": Rule(
            prelude=LOAD, payload=_p(name=lambda w: w.cohort), control="reads only"
        ),
        "ResultsAdminState.download": Rule(prelude=COHORT_2022, control="a download"),
        "AwardState.load": READ,
        "AwardState.choose_cohort": Rule(
            prelude=LOAD, payload=_p(name=lambda w: w.cohort), control="reads only"
        ),
        "AwardState.start_decision": Rule(
            prelude=COHORT_2022, payload=_p(category_id=lambda w: str(w.category_id)), control="opens a form"
        ),
        "AwardState.cancel_decision": Rule(control="closes a form"),
        "AwardState.set_cell": Rule(
            prelude=COHORT_2022,
            payload=_p(key="0", field="name", value="x"),
            control="edits the form on the page",
        ),
        "AwardState.add_category": Rule(prelude=COHORT_2022, control="edits the form on the page"),
        "AwardState.remove_category": Rule(
            prelude=COHORT_2022, payload=_p(key="0"), control="edits the form on the page"
        ),
        "AwardState.unlock": Rule(
            writers=SEC,
            prelude=COHORT_2022,
            payload=_form(reason=REASON),
            live_control="in progress the award list is a draft: nothing to unlock",
        ),
        "AwardState.set_one_award": Rule(writers=SEC, prelude=COHORT_2022, payload=_p(value=False)),
        "AwardState.decide": Rule(
            writers=SEC,
            prelude=COHORT_2022 + (("start_decision", _p(category_id=lambda w: str(w.category_id))),),
            payload=lambda w: {"form_data": {f"team_{w.team_id}": "on", "reason": REASON}},
        ),
        "AwardState.clear": Rule(
            writers=SEC,
            prelude=COHORT_2022 + (("start_decision", _p(category_id=lambda w: str(w.category_id))),),
            payload=_form(reason=REASON),
        ),
        "AwardState.recognize": Rule(
            writers=SEC,
            prelude=COHORT_2022,
            payload=_form(
                recognition=lambda w: str(w.category_id),
                person=lambda w: str(w.victim_id),
                action="grant",
                reason=REASON,
            ),
            control="the first category is a team award, not a recognition",
        ),
        "AwardState.save_categories": Rule(
            writers=SEC, prelude=COHORT_2022, control="no rows sent: nothing saved"
        ),
        "AwardState.finalize": Rule(
            writers=SEC,
            prelude=COHORT_2022,
            live_control="the target workshop's round is open, so its scores can change: not finalized",
        ),
        "AwardState.publish": Rule(
            writers=SEC, prelude=COHORT_2022, live_control="a draft award list is not published"
        ),
    }
)

EDITIONS: tuple[Step, ...] = (("show", _p(zone="Asia/Seoul")),)
NEW_EDITION = {
    "name": "Matrix 2045",
    "title": "Smart City Champions 2045",
    "registration_opens": "2045-01-09",
    "registration_closes": "2045-03-02",
    "phase1_start": "2045-03-03",
    "phase1_end": "2045-04-23",
    "phase2_start": "2045-04-24",
    "phase2_end": "2045-06-11",
    "ceremony_date": "2045-12-07",
    "ceremony_time": "15:00",
    "ceremony_zone": "Asia/Seoul",
    "ceremony_venue": "Seoul City Hall",
    "ceremony_mode": "hybrid",
    "ceremony_join_url": "https://meet.example.org/ceremony",
    "capacity": "60",
    "waitlist_capacity": "",
    "max_age_exclusive": "35",
    "age_reference_date": "",
    "min_age": "",
    "team_min": "3",
    "team_max": "5",
    "phase1_required": "5",
    "phase2_requires_phase1": "on",
    "reviewers_per_submission": "3",
}


def _spare(w: World) -> dict:
    return {"edition_id": str(w.spare_edition_id)}


def _age_rule_change(w: World) -> dict:
    """The current edition's settings with a minimum age of 0: an age-rule change (so it needs a
    confirmation, the edition having applications) that changes nobody's eligibility."""
    return {"form_data": {**w.current_form, "min_age": "0"}}


POLICY.update(
    {
        "CeremonyState.load": READ,
        "CeremonyState.show": Rule(payload=_p(zone="Asia/Seoul"), control="reads only"),
        "EditionsAdminState.load": READ,
        "EditionsAdminState.show": Rule(payload=_p(zone="Asia/Seoul"), control="reads only"),
        "EditionsAdminState.new_edition": Rule(prelude=EDITIONS, control="opens a dialog"),
        "EditionsAdminState.edit_edition": Rule(prelude=EDITIONS, payload=_spare, control="opens a dialog"),
        "EditionsAdminState.form_open_changed": Rule(payload=_p(is_open=False), control="closes a dialog"),
        "EditionsAdminState.save": Rule(
            writers=SEC,
            prelude=EDITIONS + (("new_edition", _none),),
            payload=lambda w: {"form_data": NEW_EDITION},
        ),
        "EditionsAdminState.confirm_save": Rule(
            writers=SEC,
            prelude=EDITIONS
            + (
                ("edit_edition", lambda w: {"edition_id": str(w.current_id)}),
                ("save", _age_rule_change),
            ),
            live_control="in progress the current edition is 2022 with its registration still open after "
            "Phase 1 started (as the matrix's world has it): the edition form refuses those dates",
        ),
        "EditionsAdminState.confirm_open_changed": Rule(payload=_p(is_open=False), control="closes a dialog"),
        "EditionsAdminState.open_registration": Rule(
            writers=SEC,
            prelude=EDITIONS,
            payload=_spare,
            control="the demo's current edition is open for registration today, so no other can open "
            "(the integration tests open one)",
        ),
        "EditionsAdminState.start_clone": Rule(prelude=EDITIONS, payload=_spare, control="opens a dialog"),
        "EditionsAdminState.clone_open_changed": Rule(payload=_p(is_open=False), control="closes a dialog"),
        "EditionsAdminState.clone": Rule(
            writers=SEC,
            prelude=EDITIONS + (("start_clone", _spare),),
            payload=_form(name="Matrix clone", title="A clone of the matrix", weeks="104"),
        ),
        "EditionsAdminState.start_archive": Rule(prelude=EDITIONS, payload=_spare, control="opens a dialog"),
        "EditionsAdminState.archive_open_changed": Rule(payload=_p(is_open=False), control="closes a dialog"),
        # Last: the spare edition is read-only afterwards.
        "EditionsAdminState.archive": Rule(
            writers=SEC, prelude=EDITIONS + (("start_archive", _spare),), payload=_form(reason=REASON)
        ),
    }
)
