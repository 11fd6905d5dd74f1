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
  session past its expiry) and `revoked` (the secretariat's session after a logout)."""

import secrets
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from sqlalchemy import text
from sqlmodel import select

from champions.demo.seed import PARTICIPANT_EMAIL, SECRETARIAT_EMAIL
from champions.models import (
    Application,
    ApplicationStatus,
    AwardCategory,
    Cohort,
    Conflict,
    Credential,
    Lecture,
    LoginSession,
    Reflection,
    ReviewAssignment,
    Role,
    Score,
    SubmissionFile,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
)
from champions.models._time import utcnow
from champions.services.accounts.accounts import _token_hash, create_user, start_session
from champions.services.editions.editions import edition_form
from champions.services.registration.cohorts import open_cohort

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
    emails: dict[str, str] = field(default_factory=dict)  # role -> email
    # secret text -> the roles that may see it in a state delta
    secrets: dict[str, frozenset[str]] = field(default_factory=dict)

    def forbidden_for(self, role: str) -> list[str]:
        # (Some values are too short to be findable, e.g. the "!" hash of an unusable password.)
        return [
            secret for secret, readers in self.secrets.items() if role not in readers and len(secret) >= 6
        ]


def _tag(kind: str) -> str:
    return f"{kind}-{secrets.token_hex(6)}"


def build_world(server) -> World:
    """Pick the people of the matrix in the demo cohort and plant findable secrets in T's data."""
    from tests.e2e.helpers import add_applicant

    applicant_id = add_applicant(server, f"matrix.{secrets.token_hex(4)}@example.org", "Matrix Applicant")
    # The `applicant` caller has an application of its own, not the one the deciding handlers
    # decide: its own calls (a withdrawal is its right) must not change what they find.
    callers_application_id = add_applicant(
        server, f"matrix.caller.{secrets.token_hex(4)}@example.org", "Matrix Caller"
    )
    with server.session() as session:
        cohort = session.exec(select(Cohort).where(Cohort.name.contains("2022"))).one()
        current = open_cohort(session=session, today=date.today())
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
        conflict = session.exec(select(Conflict).order_by(Conflict.id)).first()
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
        assignment = session.exec(
            select(ReviewAssignment)
            .where(ReviewAssignment.team_id == team.id, ReviewAssignment.mentor_id != conflict.mentor_id)
            .order_by(ReviewAssignment.id)
        ).first()
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
        lecture = session.exec(
            select(Lecture).where(Lecture.cohort_id == cohort.id).order_by(Lecture.starts_at)
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
        session.add_all([score, reflection, version, lecture, team, victim])
        session.commit()
        reviewers = frozenset({MENTOR_ASSIGNED, SECRETARIAT, PARTICIPANT})
        planted = {
            note: frozenset({MENTOR_ASSIGNED, SECRETARIAT}),
            comment: frozenset({MENTOR_ASSIGNED, SECRETARIAT, PARTICIPANT}),  # the round is published
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
            team_name: frozenset({PARTICIPANT, OTHER_PARTICIPANT, SECRETARIAT}),
            city: frozenset({PARTICIPANT, SECRETARIAT}),
            person: frozenset({PARTICIPANT, OTHER_PARTICIPANT, SECRETARIAT}),
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
            emails=emails,
            secrets=planted,
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


def snapshot(server) -> dict[str, list[tuple]]:
    """Every row of every table, except the idle clock a session touches when it is used."""
    from sqlmodel import SQLModel

    tables = {}
    with server.session() as session:
        connection = session.connection()
        for table in SQLModel.metadata.sorted_tables:
            columns = [
                c for c in table.columns if not (table.name == "login_session" and c.name == "last_seen_at")
            ]
            rows = connection.execute(select(*columns).order_by(*table.primary_key.columns)).all()
            tables[table.name] = [tuple(row) for row in rows]
    return tables


def difference(before: dict, after: dict) -> dict[str, str]:
    """The tables whose rows changed, with a short description."""
    changed = {}
    for name in before:
        if before[name] != after[name]:
            gone = [r for r in before[name] if r not in after[name]]
            new = [r for r in after[name] if r not in before[name]]
            changed[name] = f"-{gone[:2]} +{new[:2]}"
    return changed
