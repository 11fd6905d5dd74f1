"""The people and the private data of the authorization matrix (tests/e2e/test_authorization_matrix.py),
taken from the demo cohort of the running app, plus planted secrets that are easy to find in a
state delta.

The target of every call is one team of the 2022 cohort (T) and one of its members (V):
- `participant` is V; `other_participant` is a participant of another team;
- `mentor_assigned` reviews T's submission for workshop W; `mentor_unassigned` is neither
  assigned to it nor conflicted; `mentor_conflicted` declared a conflict with T;
- `secretariat` may see everything; `nobody` has no session;
- callers that must get no more than nobody, or than a participant of no team (issue 22):
  `applicant` (a submitted, not accepted application of the current cohort), `withdrawn` (a
  2022 participant who withdrew), `mentor_coaching` (T's coach, conflicted by coaching),
  `deactivated` (an account switched off, its session still in the browser), `expired` (V's
  session past its expiry) and `revoked` (the secretariat's session after a logout).

The world comes in two data states (issue 22): `finished_2022`, the demo as it is (2022 is over:
every window closed, rounds published, teams locked), and `in_progress`, the same people and
rows with 2022 made the edition in progress today: its registration open, the target lecture
under way (check-in open, nobody checked in yet), the target workshop's submission window and
the final workshop's open, the target round open for scoring, teams unlocked, the award list a
draft and the ceremony to come. There a refusal cannot come from a closed date, only from the
ownership and role checks.

Another cohort's rows (the demo's other edition: a team with a member, a submission with a file,
an assignment with its blind code, a score, a conflict, a reflection, an award category) give the
ids a refused call is also tried with, beside ids that exist nowhere (`World.varied`)."""

import hashlib
import os
import secrets
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import text
from sqlmodel import select

from champions.demo.seed import PARTICIPANT_EMAIL, SECRETARIAT_EMAIL
from champions.models import (
    Application,
    ApplicationStatus,
    Attendance,
    AwardCategory,
    AwardKind,
    AwardList,
    CheckInAttempt,
    Cohort,
    Conflict,
    Credential,
    Criterion,
    JudgingRound,
    Lecture,
    LoginSession,
    Notification,
    OutboxMessage,
    Reflection,
    ReviewAssignment,
    Role,
    RoundState,
    Score,
    ScoreValue,
    SubmissionFile,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
    Workshop,
)
from champions.models._time import utcnow
from champions.services.accounts.accounts import _token_hash, create_user, start_session
from champions.services.accounts.invitations import invite
from champions.services.editions.editions import edition_form
from champions.services.phase1.calendar_feed import start_feed
from champions.services.registration.applications import withdraw_application
from champions.services.registration.cohorts import open_cohort
from champions.services.registration.countries import country_name

# V's country in the world: no demo applicant comes from it, so its name on a page is V's.
PLANTED_COUNTRY = "LI"

NOBODY = "nobody"
PARTICIPANT = "participant"
OTHER_PARTICIPANT = "other_participant"
MENTOR_ASSIGNED = "mentor_assigned"
MENTOR_UNASSIGNED = "mentor_unassigned"
MENTOR_CONFLICTED = "mentor_conflicted"
SECRETARIAT = "secretariat"
APPLICANT = "applicant"
WITHDRAWN = "withdrawn"
MENTOR_COACHING = "mentor_coaching"
DEACTIVATED = "deactivated"
EXPIRED = "expired"
REVOKED = "revoked"
ROLES = (
    NOBODY,
    PARTICIPANT,
    OTHER_PARTICIPANT,
    MENTOR_ASSIGNED,
    MENTOR_UNASSIGNED,
    MENTOR_CONFLICTED,
    SECRETARIAT,
    APPLICANT,
    WITHDRAWN,
    MENTOR_COACHING,
    DEACTIVATED,
    EXPIRED,
    REVOKED,
)
MENTORS = frozenset({MENTOR_ASSIGNED, MENTOR_UNASSIGNED, MENTOR_CONFLICTED})
PARTICIPANTS = frozenset({PARTICIPANT, OTHER_PARTICIPANT})
# Sessions the app must treat as nobody's.
NO_SESSION = frozenset({NOBODY, DEACTIVATED, EXPIRED, REVOKED})
LOGGED_IN = frozenset(ROLES) - NO_SESSION
EVERYONE = frozenset(ROLES)

FINISHED, IN_PROGRESS = "finished_2022", "in_progress"
DATA_STATES = (FINISHED, IN_PROGRESS)
# The ids a handler is also called with: another cohort's, and ids that exist nowhere.
ELSEWHERE, MISSING = "another_cohort", "missing"
VARIANTS = (ELSEWHERE, MISSING)
MISSING_ID = 2_000_000_000  # no row has it (and it fits PostgreSQL's integer)
MISSING_CODE = "QQQQQQQQ"  # review codes are random letters: no assignment has this one
# The fields of World that are ids of the target's rows: what `varied` replaces.
ID_FIELDS = (
    "team_id",
    "workshop_id",
    "victim_id",
    "victim_application_id",
    "reflection_id",
    "lecture_id",
    "assignment_id",
    "conflict_id",
    "category_id",
    "applicant_id",
    "spare_edition_id",
    "current_id",
    "notification_id",
)


@dataclass
class World:
    cohort: str  # the 2022 cohort's name
    current: str  # the cohort open for registration today
    team_id: int
    workshop_id: int
    victim_id: int
    victim_application_id: int
    reflection_id: int
    lecture_id: int
    assignment_id: int
    review_code: str  # the assigned mentor's code for T's submission (blind judging)
    conflict_id: int
    category_id: int
    unassigned_mentor_id: int
    applicant_id: int  # a submitted application of the current cohort, for the deciding handlers
    current_id: int = 0  # the edition open for registration today
    current_form: dict = field(default_factory=dict)  # its settings as the edition form sends them
    spare_edition_id: int = 0  # an edition of the future with nobody in it: to clone and archive
    invitation_id: int = 0  # an open invitation to a mentor account
    notification_id: int = 0  # a notification (sent, not held) of V in the target cohort
    emails: dict[str, str] = field(default_factory=dict)  # role -> email
    # secret text -> the roles that may see it in a state delta
    secrets: dict[str, frozenset[str]] = field(default_factory=dict)
    data_state: str = FINISHED
    # V's planted country, by name: the registration form lists every country's name in its
    # page for anyone, so it is looked for in state deltas, not in a page's HTML.
    country_name: str = ""
    elsewhere: dict = field(default_factory=dict)  # ID_FIELDS (and review_code) -> another cohort's

    def varied(self, variant: str) -> "World":
        """The same world with the target's ids swapped for another cohort's rows (`ELSEWHERE`)
        or for ids no row has (`MISSING`): a payload built from it aims at those."""
        if variant == ELSEWHERE:
            return replace(self, **self.elsewhere)
        return replace(
            self,
            **dict.fromkeys(ID_FIELDS, MISSING_ID),
            unassigned_mentor_id=MISSING_ID,
            review_code=MISSING_CODE,
        )

    def forbidden_for(self, role: str) -> list[str]:
        # (Some values are too short to be findable, e.g. the "!" hash of an unusable password.)
        return [
            secret for secret, readers in self.secrets.items() if role not in readers and len(secret) >= 6
        ]


def _tag(kind: str) -> str:
    return f"{kind}-{secrets.token_hex(6)}"


def _first_conflict_and_assignment(session) -> tuple[Conflict, ReviewAssignment]:
    """T is the team of the first conflict; its assignment is the first of a mentor not conflicted."""
    conflict = session.exec(select(Conflict).order_by(Conflict.id)).first()
    assignment = session.exec(
        select(ReviewAssignment)
        .where(ReviewAssignment.team_id == conflict.team_id, ReviewAssignment.mentor_id != conflict.mentor_id)
        .order_by(ReviewAssignment.id)
    ).first()
    return conflict, assignment


def start_edition_in_progress(server, now: datetime) -> None:
    """Make 2022 the edition in progress at `now` (the `in_progress` data state): registration
    open (and closing after the other edition's, so 2022 is the current one), Phase 1 behind
    it but for its first lecture, which is under way with nobody checked in yet, Phase 2 going
    on: the target workshop's submission window and the final workshop's open, the target round
    open for scoring, every team unlocked, the award list a draft and the ceremony to come."""
    today = now.date()
    with server.session() as session:
        cohort = session.exec(select(Cohort).where(Cohort.name.contains("2022"))).one()
        cohort.registration_opens, cohort.registration_closes = (
            today - timedelta(days=60),
            today + timedelta(days=45),
        )
        cohort.phase1_start, cohort.phase1_end = today - timedelta(days=50), today - timedelta(days=12)
        cohort.phase2_start, cohort.phase2_end = today - timedelta(days=11), today + timedelta(days=40)
        cohort.ceremony_date = today + timedelta(days=90)
        lecture = session.exec(
            select(Lecture).where(Lecture.cohort_id == cohort.id).order_by(Lecture.starts_at)
        ).first()
        lecture.starts_at, lecture.ends_at = now - timedelta(minutes=10), now + timedelta(minutes=80)
        lecture.cancelled_at = None
        for stale in (Attendance, CheckInAttempt):
            for row in session.exec(select(stale).where(stale.lecture_id == lecture.id)):
                session.delete(row)
        _conflict, assignment = _first_conflict_and_assignment(session)
        final = session.exec(
            select(Workshop).where(Workshop.cohort_id == cohort.id).order_by(Workshop.position.desc())
        ).first()
        for workshop, days in ((session.get(Workshop, assignment.workshop_id), 4), (final, 20)):
            workshop.opens_at, workshop.deadline = now - timedelta(days=3), now + timedelta(days=days)
            session.add(workshop)
        scoring = session.exec(
            select(JudgingRound).where(JudgingRound.workshop_id == assignment.workshop_id)
        ).one()
        scoring.state, scoring.closed_at, scoring.published_at = RoundState.OPEN, None, None
        for team in session.exec(select(Team).where(Team.cohort_id == cohort.id)):
            team.locked = False
            session.add(team)
        for award_list in session.exec(select(AwardList).where(AwardList.cohort_id == cohort.id)):
            award_list.finalized_at = award_list.finalized_by = award_list.published_at = None
            session.add(award_list)
        session.add_all([cohort, lecture, scoring])
        session.commit()


def _plant_elsewhere(session, cohort: Cohort, password_hash: str, files_dir: str) -> tuple[dict, dict]:
    """Rows of another cohort, one of each kind a handler takes an id of, with findable text
    only the secretariat may read. Returns (World field -> id, secret -> readers)."""
    from tests.support.files import pdf

    person = create_user(
        session=session,
        email=f"matrix.elsewhere.{secrets.token_hex(3)}@example.org",
        full_name=f"Ezra {_tag('MatrixElsewhere')}",
        role=Role.PARTICIPANT,
        password_hash=password_hash,
    )
    mentor = create_user(
        session=session,
        email=f"matrix.elsewhere.mentor.{secrets.token_hex(3)}@example.org",
        full_name="Matrix Elsewhere Mentor",
        role=Role.MENTOR,
        password_hash=password_hash,
    )
    application = Application(
        cohort_id=cohort.id,
        user_id=person.id,
        date_of_birth=date(1999, 4, 9),
        country="KE",
        city="Nairobi",
        affiliation="",
        field_of_study="",
        motivation=" ".join(["elsewhere"] * 60),
        consent_version=cohort.consent_version,
        status=ApplicationStatus.ACCEPTED,
        decided_at=utcnow(),
    )
    lecture = session.exec(select(Lecture).where(Lecture.cohort_id == cohort.id).order_by(Lecture.id)).first()
    workshop = session.exec(
        select(Workshop).where(Workshop.cohort_id == cohort.id).order_by(Workshop.position.desc())
    ).first()
    team_name, city, title, comment = (
        _tag("MatrixElsewhereTeam"),
        _tag("MatrixElsewhereCity"),
        _tag("MatrixElsewhereTitle"),
        _tag("MatrixElsewhereComment"),
    )
    team = Team(
        cohort_id=cohort.id,
        name=team_name,
        name_key=team_name.casefold(),
        city=city,
        invite_code=secrets.token_hex(4).upper(),
    )
    session.add_all([application, team])
    session.flush()
    version = SubmissionVersion(
        team_id=team.id, workshop_id=workshop.id, number=1, title=title, summary="", submitted_by=person.id
    )
    body = pdf()
    stored = secrets.token_hex(16)  # where champions/infra/files.py keeps a file of that name
    os.makedirs(os.path.join(files_dir, stored[:2]), exist_ok=True)
    with open(os.path.join(files_dir, stored[:2], stored), "wb") as out:
        out.write(body)
    assignment = ReviewAssignment(team_id=team.id, workshop_id=workshop.id, mentor_id=mentor.id)
    if session.exec(select(JudgingRound).where(JudgingRound.workshop_id == workshop.id)).first() is None:
        session.add(JudgingRound(workshop_id=workshop.id, state=RoundState.OPEN, opened_at=utcnow()))
    reflection = Reflection(
        lecture_id=lecture.id, user_id=person.id, text=f"Elsewhere {_tag('MatrixElsewhere')}"
    )
    category = AwardCategory(
        cohort_id=cohort.id, position=99, name="Matrix elsewhere award", kind=AwardKind.RANK, place=1
    )
    conflict = Conflict(
        mentor_id=mentor.id, team_id=team.id, reason="Matrix elsewhere", declared_by=mentor.id
    )
    session.add_all(
        [TeamMember(team_id=team.id, cohort_id=cohort.id, user_id=person.id), version, assignment]
    )
    session.add_all([reflection, category, conflict])
    session.flush()
    file = SubmissionFile(
        version_id=version.id,
        public_id=secrets.token_urlsafe(18),
        stored_name=stored,
        original_name="elsewhere.pdf",
        size=len(body),
        content_type="application/pdf",
        sha256=hashlib.sha256(body).hexdigest(),
    )
    session.add_all(
        [file, Score(team_id=team.id, workshop_id=workshop.id, mentor_id=mentor.id, comment=comment)]
    )
    notice = _notice(person.id, cohort.id)
    session.add(notice)
    session.flush()
    ids = {
        "notification_id": notice.id,
        "team_id": team.id,
        "workshop_id": workshop.id,
        "victim_id": person.id,
        "victim_application_id": application.id,
        "reflection_id": reflection.id,
        "lecture_id": lecture.id,
        "assignment_id": assignment.id,
        "review_code": assignment.code,
        "conflict_id": conflict.id,
        "category_id": category.id,
        "applicant_id": application.id,
        "spare_edition_id": cohort.id,
        "current_id": cohort.id,
    }
    only_secretariat = frozenset({SECRETARIAT})
    planted = {
        text: only_secretariat
        for text in (
            team_name,
            city,
            title,
            comment,
            reflection.text.split()[-1],
            person.full_name.split()[-1],
        )
    }
    planted |= {assignment.code: frozenset(), file.public_id: only_secretariat, stored: frozenset()}
    return ids, planted


def _notice(user_id: int, cohort_id: int) -> Notification:
    """A notification already sent (no handler may hold, approve or discard it)."""
    now = utcnow()
    return Notification(
        user_id=user_id,
        cohort_id=cohort_id,
        kind="bulk",
        subject_key="matrix",
        dedupe_key=f"matrix:{secrets.token_hex(6)}",
        due_at=now,
        state="sent",
        subject="Matrix notice",
        sent_at=now,
    )


def build_world(server, data_state: str = FINISHED) -> World:
    """Pick the people of the matrix in the demo cohort and plant findable secrets in T's data
    (after making 2022 the edition in progress, for that data state)."""
    from tests.e2e.helpers import add_applicant

    if data_state == IN_PROGRESS:
        start_edition_in_progress(server, utcnow())
    applicant_id = add_applicant(server, f"matrix.{secrets.token_hex(4)}@example.org", "Matrix Applicant")
    # The `applicant` caller has an application of its own, not the one the deciding handlers
    # decide: its own calls (a withdrawal is its right) must not change what they find.
    callers_application_id = add_applicant(
        server, f"matrix.caller.{secrets.token_hex(4)}@example.org", "Matrix Caller"
    )
    with server.session() as session:
        cohort = session.exec(select(Cohort).where(Cohort.name.contains("2022"))).one()
        current = open_cohort(session=session, today=date.today())
        other_cohort = session.exec(select(Cohort).where(Cohort.id != cohort.id).order_by(Cohort.id)).first()
        spare = Cohort(
            name="Matrix spare",
            title="An edition of the matrix",
            registration_opens=date(2041, 1, 7),
            registration_closes=date(2041, 2, 28),
            phase1_start=date(2041, 3, 1),
            phase1_end=date(2041, 4, 20),
            phase2_start=date(2041, 4, 21),
            phase2_end=date(2041, 6, 9),
            ceremony_date=date(2041, 12, 6),
        )
        session.add(spare)
        session.flush()
        conflict, assignment = _first_conflict_and_assignment(session)
        team = session.get(Team, conflict.team_id)
        members = list(
            session.exec(
                select(TeamMember.user_id).where(TeamMember.team_id == team.id).order_by(TeamMember.user_id)
            )
        )
        participant_user = session.exec(select(User).where(User.email == PARTICIPANT_EMAIL)).one()
        if participant_user.id in members:
            other = session.exec(
                select(TeamMember.user_id)
                .join(Team, Team.id == TeamMember.team_id)
                .where(Team.cohort_id == cohort.id, TeamMember.team_id != team.id)
            ).first()
        else:
            other = participant_user.id
        victim_id = members[0]
        workshop_id = assignment.workshop_id
        version = session.exec(
            select(SubmissionVersion)
            .where(SubmissionVersion.team_id == team.id, SubmissionVersion.workshop_id == workshop_id)
            .order_by(SubmissionVersion.number.desc())
        ).first()
        assigned_ids = set(
            session.exec(
                select(ReviewAssignment.mentor_id).where(
                    ReviewAssignment.team_id == team.id, ReviewAssignment.workshop_id == workshop_id
                )
            )
        )
        unassigned = session.exec(
            select(User)
            .where(
                User.role == Role.MENTOR,
                User.id.not_in(assigned_ids | {conflict.mentor_id}),
                User.id != (team.coach_id or 0),
            )
            .order_by(User.id)
        ).first()
        secretariat = session.exec(select(User).where(User.email == SECRETARIAT_EMAIL)).one()
        application = session.exec(
            select(Application).where(Application.user_id == victim_id, Application.cohort_id == cohort.id)
        ).one()
        # In progress, the lecture under way is the latest (start_edition_in_progress moved it).
        lecture = session.exec(
            select(Lecture)
            .where(Lecture.cohort_id == cohort.id)
            .order_by(Lecture.starts_at.desc() if data_state == IN_PROGRESS else Lecture.starts_at)
        ).first()
        reflection = session.exec(select(Reflection).where(Reflection.user_id == victim_id)).first()
        if reflection is None:
            reflection = Reflection(lecture_id=lecture.id, user_id=victim_id, text="")
        category = session.exec(
            select(AwardCategory).where(AwardCategory.cohort_id == cohort.id).order_by(AwardCategory.position)
        ).first()
        score = session.exec(
            select(Score).where(
                Score.team_id == team.id,
                Score.workshop_id == workshop_id,
                Score.mentor_id == assignment.mentor_id,
            )
        ).one()
        file = session.exec(select(SubmissionFile).where(SubmissionFile.version_id == version.id)).first()

        # The callers of issue 22. T's coach: a mentor none of the others, with no assignment to T.
        taken = assigned_ids | {conflict.mentor_id, unassigned.id}
        if team.coach_id is None or team.coach_id in taken:
            coach = create_user(
                session=session,
                email=f"matrix.coach.{secrets.token_hex(3)}@example.org",
                full_name="Matrix Coach",
                role=Role.MENTOR,
                password_hash=secretariat.password_hash,
            )
            team.coach_id = coach.id
            session.add(team)
        # The conflicted mentor and the coach were assigned T's submission before their conflict
        # (declared after the round closed, or by coaching), so they keep an assignment: the
        # conflict alone must keep them from it (issue 22, finding 6).
        for mentor_id in (conflict.mentor_id, team.coach_id):
            if mentor_id not in assigned_ids:
                session.add(ReviewAssignment(team_id=team.id, workshop_id=workshop_id, mentor_id=mentor_id))
        applicant = session.get(Application, callers_application_id).user_id
        # A 2022 participant of a third team withdraws (and so leaves it, as the app does).
        leaving = session.exec(
            select(TeamMember)
            .join(Team, Team.id == TeamMember.team_id)
            .where(Team.cohort_id == cohort.id, Team.id != team.id, TeamMember.user_id != other)
            .order_by(TeamMember.id)
        ).first()
        withdrawn_application = session.exec(
            select(Application).where(
                Application.user_id == leaving.user_id, Application.cohort_id == cohort.id
            )
        ).one()
        if data_state == IN_PROGRESS:  # through the app's own rule, which takes them out of their team
            withdraw_application(
                session=session,
                user=session.get(User, leaving.user_id),
                application_id=withdrawn_application.id,
                today=date.today(),
            )
        else:  # (the program is over: the rule refuses a withdrawal now, so as the rule would have done)
            withdrawn_application.status = ApplicationStatus.WITHDRAWN
            session.add(withdrawn_application)
            session.delete(leaving)
        deactivated = create_user(
            session=session,
            email=f"matrix.deactivated.{secrets.token_hex(3)}@example.org",
            full_name="Matrix Deactivated",
            role=Role.MENTOR,
            password_hash=secretariat.password_hash,
        )
        deactivated.is_active = False
        session.add(deactivated)
        session.flush()

        roles = {
            PARTICIPANT: victim_id,
            OTHER_PARTICIPANT: other,
            MENTOR_ASSIGNED: assignment.mentor_id,
            MENTOR_UNASSIGNED: unassigned.id,
            MENTOR_CONFLICTED: conflict.mentor_id,
            SECRETARIAT: secretariat.id,
            APPLICANT: applicant,
            WITHDRAWN: leaving.user_id,
            MENTOR_COACHING: team.coach_id,
        }
        emails = {role: session.get(User, user_id).email for role, user_id in roles.items()}
        # Sessions that no longer count: the person gets no more than nobody.
        emails[DEACTIVATED] = deactivated.email
        emails[EXPIRED] = emails[PARTICIPANT]
        emails[REVOKED] = emails[SECRETARIAT]

        # Planted secrets, each with the roles allowed to read it.
        note, comment, reflection_text = _tag("MATRIXNOTE"), _tag("MATRIXCOMMENT"), _tag("MATRIXREFLECTION")
        title, code = _tag("MATRIXTITLE"), secrets.token_hex(3).upper()
        score.private_note, score.comment = note, f"{score.comment} {comment}"
        reflection.text = f"I watched the recording. {reflection_text}"
        version.title = f"{version.title[:150]} {title}"
        lecture.checkin_code = code
        # Who T is (issue 22): its name and city, and V's name. A blind review must not carry them.
        team_name, city, person = _tag("MatrixTeam"), _tag("MatrixCity"), _tag("MatrixPerson")
        team.name, team.name_key, team.city = team_name, team_name.casefold(), city
        victim = session.get(User, victim_id)
        victim.full_name = f"Vera {person}"
        # V's country, which no one else of the demo comes from, and a score value no other
        # number of the app can be: the criterion's scale is widened to hold it.
        application.country = PLANTED_COUNTRY
        criterion = session.exec(
            select(Criterion).where(Criterion.workshop_id == workshop_id).order_by(Criterion.position)
        ).first()
        criterion.scale_max = 99_999_999
        value = session.exec(
            select(ScoreValue).where(ScoreValue.score_id == score.id, ScoreValue.criterion_id == criterion.id)
        ).first() or ScoreValue(score_id=score.id, criterion_id=criterion.id, value=0)
        value.value = 10_000_000 + secrets.randbelow(89_999_999)
        if data_state == IN_PROGRESS:  # the round is open: the assigned mentor's score is a draft
            score.submitted, score.submitted_at = False, None
        session.add_all([score, reflection, version, lecture, team, victim, application, criterion, value])
        notice = _notice(victim_id, cohort.id)
        session.add(notice)
        elsewhere, elsewhere_secrets = _plant_elsewhere(
            session, other_cohort, secretariat.password_hash, server.files_dir
        )
        session.commit()
        reviewers = frozenset({MENTOR_ASSIGNED, SECRETARIAT, PARTICIPANT})
        finished = data_state == FINISHED
        # The team reads its comments once the round is published; in progress it is not.
        commenters = reviewers if finished else frozenset({MENTOR_ASSIGNED, SECRETARIAT})
        # The award list, which names the winners (T among them) and their members, shows to the
        # edition's other participants from the ceremony on: in progress it is to come.
        winners_readers = frozenset({PARTICIPANT, SECRETARIAT} | ({OTHER_PARTICIPANT} if finished else set()))
        planted = {
            note: frozenset({MENTOR_ASSIGNED, SECRETARIAT}),
            comment: commenters,
            reflection_text: frozenset({PARTICIPANT, SECRETARIAT}),
            title: reviewers,
            file.public_id: reviewers,
            file.stored_name: frozenset(),  # the file's place on disk is never sent to anyone
            code: frozenset({SECRETARIAT}),  # the check-in code of a lecture
            # The assigned mentor's code for T's submission: no one else may match it to T.
            assignment.code: frozenset({MENTOR_ASSIGNED}),
            # The 2022 award list, shown to the edition's participants from its ceremony on, names
            # T and its members among the winners: another participant may read those two (not the
            # city); a mentor, an applicant or a withdrawn participant may not.
            team_name: winners_readers,
            city: frozenset({PARTICIPANT, SECRETARIAT}),
            person: winners_readers,
            # V's country: V and the secretariat (and V's teammates, none of them a caller).
            country_name(PLANTED_COUNTRY): frozenset({PARTICIPANT, SECRETARIAT}),
            # The assigned mentor's value for one criterion of T's submission: that mentor and
            # the secretariat (the team reads its feedback as the mentors' means).
            str(value.value): frozenset({MENTOR_ASSIGNED, SECRETARIAT}),
            **elsewhere_secrets,
        }
        # Every account's email, birth date and password hash: only the person (and, but for
        # the hashes, the secretariat) may see them.
        by_user = {user_id: role for role, user_id in roles.items()}
        for user in session.exec(select(User)):
            own = by_user.get(user.id)
            planted[user.email] = frozenset({SECRETARIAT} | ({own} if own else set()))
            planted[user.password_hash] = frozenset()
        for user_id, born in session.exec(select(Application.user_id, Application.date_of_birth)):
            own = by_user.get(user_id)
            # A date several people share is readable by each of them (their own birth date).
            planted[born.isoformat()] = planted.get(born.isoformat(), frozenset({SECRETARIAT})) | (
                {own} if own else set()
            )
        # Credential codes (issue 25): only their holder's own pages carry them; the verify
        # page is reached by the code, never from one.
        for holder_id, credential_code in session.exec(select(Credential.holder_user_id, Credential.code)):
            own = by_user.get(holder_id)
            planted[credential_code] = frozenset({own} if own else set())
        for (token_hash,) in session.connection().execute(text("SELECT token_hash FROM login_session")):
            planted[token_hash] = frozenset()
        # An open invitation (its email is the secretariat's to read; its link nobody's, not even
        # the secretariat's outbox) and the participant's calendar address (theirs alone, and
        # only when made: afterwards not even they are sent it again).
        invitation = invite(
            session=session,
            actor_id=roles[SECRETARIAT],
            email=f"matrix.invited.{secrets.token_hex(3)}@example.org",
            full_name="Matrix Invited",
            role=Role.MENTOR,
            link_origin="https://champions.example",
        )
        invitation_token = session.exec(select(OutboxMessage.body).order_by(OutboxMessage.id.desc())).first()
        invitation_token = invitation_token.split("/invitation?token=")[1].split()[0]
        feed_token = start_feed(session=session, user_id=roles[PARTICIPANT])
        session.commit()
        planted[invitation.email] = frozenset({SECRETARIAT})
        planted[invitation_token] = frozenset()
        planted[invitation.token_hash] = frozenset()
        planted[feed_token] = frozenset()
        planted[hashlib.sha256(feed_token.encode()).hexdigest()] = frozenset()
        return World(
            cohort=cohort.name,
            current=current.name,
            team_id=team.id,
            workshop_id=workshop_id,
            victim_id=victim_id,
            victim_application_id=application.id,
            reflection_id=reflection.id,
            lecture_id=lecture.id,
            assignment_id=assignment.id,
            review_code=assignment.code,
            conflict_id=conflict.id,
            category_id=category.id,
            unassigned_mentor_id=unassigned.id,
            applicant_id=applicant_id,
            current_id=current.id,
            current_form=asdict(edition_form(current)),
            spare_edition_id=spare.id,
            invitation_id=invitation.id,
            notification_id=notice.id,
            emails=emails,
            secrets=planted,
            data_state=data_state,
            country_name=country_name(PLANTED_COUNTRY),
            elsewhere=elsewhere,
        )


def token_for(server, world: World, role: str) -> str:
    """A fresh session token for the role's account ("" for nobody)."""
    if role == NOBODY:
        return ""
    with server.session() as session:
        token = start_session(
            session=session, user=session.exec(select(User).where(User.email == world.emails[role])).one()
        )
        if role in (EXPIRED, REVOKED):
            row = session.exec(
                select(LoginSession).where(LoginSession.token_hash == _token_hash(token))
            ).one()
            if role == EXPIRED:
                row.expires_at = utcnow() - timedelta(minutes=1)
            else:
                row.revoked_at = utcnow()
            session.add(row)
        session.commit()
        return token


# A session's idle clock moves whenever it is used; it is not a change a call made.
_IGNORED_COLUMNS = {("login_session", "last_seen_at")}
_JOURNAL = "zz_test_change_journal"
_JOURNALLED: set[str] = set()  # the databases whose triggers are in place


@dataclass(frozen=True)
class Snapshot:
    """A moment of the database: the position in a change journal kept by triggers (reading
    every row of every table twice per call was most of the matrix's time)."""

    journal_at: int
    server: object = field(compare=False, repr=False)


def _install_journal(session) -> None:
    """Triggers that note each insert, delete and real update (a column's value changed, the
    ignored columns aside) of every table: the changes a row-by-row comparison finds.
    Idempotent; test databases only (SQLite and PostgreSQL)."""
    from sqlmodel import SQLModel

    connection = session.connection()
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        connection.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {_JOURNAL} (id BIGSERIAL PRIMARY KEY, tbl TEXT, op TEXT)"
        )
        connection.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION {_JOURNAL}_note() RETURNS trigger AS $$ BEGIN "
            f"INSERT INTO {_JOURNAL} (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$ "
            "LANGUAGE plpgsql"
        )
    else:
        connection.exec_driver_sql(
            f"CREATE TABLE IF NOT EXISTS {_JOURNAL} (id INTEGER PRIMARY KEY AUTOINCREMENT, tbl TEXT, op TEXT)"
        )
    for table in SQLModel.metadata.sorted_tables:
        name = table.name
        kept = [c.name for c in table.columns if (name, c.name) not in _IGNORED_COLUMNS]
        for op in ("INSERT", "DELETE", "UPDATE"):
            trigger = f"zz_journal_{name}_{op.lower()}"
            if postgres:
                when = (
                    "WHEN (({old}) IS DISTINCT FROM ({new}))".format(
                        old=", ".join(f'OLD."{c}"' for c in kept), new=", ".join(f'NEW."{c}"' for c in kept)
                    )
                    if op == "UPDATE"
                    else ""
                )
                connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{trigger}" ON "{name}"')
                connection.exec_driver_sql(
                    f'CREATE TRIGGER "{trigger}" AFTER {op} ON "{name}" FOR EACH ROW {when} '
                    f"EXECUTE FUNCTION {_JOURNAL}_note()"
                )
            else:
                when = (
                    "WHEN " + " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in kept)
                    if op == "UPDATE"
                    else ""
                )
                connection.exec_driver_sql(
                    f'CREATE TRIGGER IF NOT EXISTS "{trigger}" AFTER {op} ON "{name}" '
                    f"{when} BEGIN INSERT INTO {_JOURNAL} (tbl, op) VALUES ('{name}', '{op}'); END"
                )
    session.commit()


def snapshot(server) -> Snapshot:
    """Where the database's change journal stands (installed on first use), which `difference`
    reads the changes between two snapshots from."""
    with server.session() as session:
        if server.db_url not in _JOURNALLED:
            _install_journal(session)
            _JOURNALLED.add(server.db_url)
        at = session.connection().exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {_JOURNAL}").scalar()
        return Snapshot(journal_at=at, server=server)


def difference(before: Snapshot, after: Snapshot) -> dict[str, str]:
    """The tables whose rows changed between two snapshots, with what changed in them."""
    changed: dict[str, list[str]] = {}
    with before.server.session() as session:
        rows = session.connection().exec_driver_sql(
            f"SELECT tbl, op, count(*) FROM {_JOURNAL} WHERE id > %(low)s AND id <= %(high)s GROUP BY tbl, op"
            if session.get_bind().dialect.name == "postgresql"
            else f"SELECT tbl, op, count(*) FROM {_JOURNAL} WHERE id > :low AND id <= :high GROUP BY tbl, op",
            {"low": before.journal_at, "high": after.journal_at},
        )
        for name, op, count in rows:
            changed.setdefault(name, []).append(f"{op.lower()} {count}")
    return {name: ", ".join(ops) for name, ops in sorted(changed.items())}
