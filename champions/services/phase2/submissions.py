"""Team submissions for workshops: every submit is a new version with its files; after the
deadline only an extension lets a team submit; the last version before the (extended)
deadline is what the judges see. Files are served only to whom `can_download_file` allows."""

import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from champions.infra import files as storage
from champions.infra.links import is_web_address
from champions.infra.reasons import Reason, RuleViolation
from champions.models import (
    Cohort,
    Conflict,
    Extension,
    ReviewAssignment,
    Role,
    SubmissionFile,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
    Workshop,
)
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.phase2.uploads import MAX_FILES, CheckedFile, ReceivedForm, check_received_file
from champions.services.phase2.workshops import effective_deadline, extension_of
from champions.services.registration.applications import count_words
from champions.services.teams.teams import team_of

SUMMARY_MAX_WORDS = 500


@dataclass(frozen=True)
class SubmissionFields:
    title: str = ""
    summary: str = ""
    link: str = ""
    keep_previous: bool = False  # carry the previous version's files into the new one

    @classmethod
    def from_form(cls, fields: dict) -> "SubmissionFields":
        text = {
            k: fields.get(k) if isinstance(fields.get(k), str) else "" for k in ("title", "summary", "link")
        }
        return cls(
            text["title"].strip(),
            text["summary"].strip(),
            text["link"].strip(),
            fields.get("keep_previous") in ("yes", "on", "true"),
        )


def check_fields(fields: SubmissionFields) -> list[Reason]:
    reasons = []
    if not fields.title:
        reasons.append(Reason("required", "Give your submission a title.", "title"))
    elif len(fields.title) > 200:
        reasons.append(Reason("too_long", "Use at most 200 characters.", "title"))
    words = count_words(fields.summary)
    if words == 0:
        reasons.append(Reason("required", "Write a summary (up to 500 words).", "summary"))
    elif words > SUMMARY_MAX_WORDS:
        reasons.append(
            Reason(
                "too_long",
                "Keep the summary to 500 words (you wrote {words}).",
                "summary",
                values={"words": words},
            )
        )
    if fields.link and not is_web_address(fields.link):
        reasons.append(Reason("invalid_url", "Enter a full web address starting with https://.", "link"))
    return reasons


@dataclass(frozen=True)
class SubmitContext:
    team: Team
    workshop: Workshop
    deadline: datetime
    under_extension: bool
    previous: SubmissionVersion | None


def submit_refusal(
    *, session: Session, user_id: int, workshop: Workshop | None, now: datetime
) -> tuple[SubmitContext | None, Reason | None]:
    """Whether this person may submit a version for this workshop now, and for which team."""
    if workshop is None:
        return None, Reason("not_found", "There is no such workshop.")
    team = team_of(session=session, cohort_id=workshop.cohort_id, user_id=user_id)
    if team is None:
        return None, Reason("no_team", "Only members of a team can submit.")
    if now < workshop.opens_at:
        return None, Reason("not_open", "This workshop is not open for submissions yet.")
    extension = extension_of(session=session, team_id=team.id, workshop_id=workshop.id)
    deadline = effective_deadline(workshop, extension)
    if now > deadline:
        return None, Reason(
            "deadline_passed",
            "The deadline has passed; the secretariat no longer accepts "
            "versions unless it grants your team an extension.",
        )
    previous = latest_version(session=session, team_id=team.id, workshop_id=workshop.id)
    return SubmitContext(team, workshop, deadline, now > workshop.deadline, previous), None


def latest_version(*, session: Session, team_id: int, workshop_id: int) -> SubmissionVersion | None:
    return session.exec(
        select(SubmissionVersion)
        .where(SubmissionVersion.team_id == team_id, SubmissionVersion.workshop_id == workshop_id)
        .order_by(SubmissionVersion.number.desc())
    ).first()


def files_of(*, session: Session, version_id: int) -> list[SubmissionFile]:
    return list(
        session.exec(
            select(SubmissionFile).where(SubmissionFile.version_id == version_id).order_by(SubmissionFile.id)
        )
    )


def check_files(received: ReceivedForm, kept: int) -> tuple[list[CheckedFile], list[Reason]]:
    checked, reasons = [], []
    if len(received.files) + kept > MAX_FILES:
        reasons.append(
            Reason(
                "too_many_files",
                "A version has at most {max} files ({kept} kept from the previous version).",
                "files",
                values={"max": MAX_FILES, "kept": kept},
            )
        )
    for item in received.files:
        good, problem = check_received_file(item)
        if problem:
            reasons.append(problem)
        else:
            checked.append(good)
    return checked, reasons


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    size: int
    content_type: str
    sha256: str


def record_version(
    *,
    session: Session,
    user: User,
    workshop_id: int,
    fields: SubmissionFields,
    stored: list[StoredFile],
    now: datetime,
) -> SubmissionVersion:
    """Write the next version (number = last + 1) with its files; re-checks every rule.
    Audited. Flushes (a concurrent submit makes the flush fail; the caller retries)."""
    context, refusal = submit_refusal(
        session=session, user_id=user.id, workshop=session.get(Workshop, workshop_id), now=now
    )
    if refusal is not None:
        raise RuleViolation([refusal])
    kept = (
        files_of(session=session, version_id=context.previous.id)
        if context.previous and fields.keep_previous
        else []
    )
    number = (
        session.exec(
            select(func.max(SubmissionVersion.number)).where(
                SubmissionVersion.team_id == context.team.id, SubmissionVersion.workshop_id == workshop_id
            )
        ).one()
        or 0
    ) + 1
    version = SubmissionVersion(
        team_id=context.team.id,
        workshop_id=workshop_id,
        number=number,
        title=fields.title,
        summary=fields.summary,
        link=fields.link,
        submitted_by=user.id,
        submitted_at=now,
        under_extension=context.under_extension,
    )
    session.add(version)
    session.flush()
    for item in [
        StoredFile(f.stored_name, f.original_name, f.size, f.content_type, f.sha256) for f in kept
    ] + stored:
        session.add(
            SubmissionFile(
                version_id=version.id,
                public_id=storage.new_public_id(),
                stored_name=item.stored_name,
                original_name=item.original_name,
                size=item.size,
                content_type=item.content_type,
                sha256=item.sha256,
            )
        )
    record_audit(
        session=session,
        actor_id=user.id,
        cohort_id=context.team.cohort_id,
        action="submission_version",
        entity="submission",
        entity_id=f"{context.team.id}:{workshop_id}",
        after={
            "number": number,
            "files": len(kept) + len(stored),
            "under_extension": version.under_extension,
        },
    )
    session.flush()
    return version


def submit_workshop(
    *,
    session_factory: Callable[[], AbstractContextManager[Session]],
    user_id: int,
    workshop_id: int,
    received: ReceivedForm,
    now: datetime | None = None,
    attempts: int = 8,
) -> SubmissionVersion:
    """Check a received submission completely (rules, fields, every file's name, size and
    real type), then store its files and write the new version. On any refusal nothing is
    stored. Two members submitting at once both get versions: a clash on the version number
    is retried in a fresh transaction. Raises RuleViolation with reasons by field."""
    now = now or utcnow()
    fields = SubmissionFields.from_form(received.fields)
    with session_factory() as session:
        context, refusal = submit_refusal(
            session=session, user_id=user_id, workshop=session.get(Workshop, workshop_id), now=now
        )
        if refusal is not None:
            raise RuleViolation([refusal])
        kept = (
            len(files_of(session=session, version_id=context.previous.id))
            if (context.previous and fields.keep_previous)
            else 0
        )
    checked, reasons = check_files(received, kept)
    reasons = check_fields(fields) + reasons
    if reasons:
        raise RuleViolation(reasons)
    stored = [
        StoredFile(storage.store(f.temp_path), f.original_name, f.size, f.content_type, f.sha256)
        for f in checked
    ]
    try:
        for attempt in range(attempts):
            try:
                with session_factory() as session:
                    version = record_version(
                        session=session,
                        user=session.get(User, user_id),
                        workshop_id=workshop_id,
                        fields=fields,
                        stored=stored,
                        now=now,
                    )
                    session.expunge(version)
                    return version
            except (IntegrityError, OperationalError):
                if attempt == attempts - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
    except BaseException:
        for item in stored:
            storage.remove(item.stored_name)
        raise
    raise AssertionError("unreachable")


# --- reading -------------------------------------------------------------------------------


def counted_version(versions: list[SubmissionVersion], deadline: datetime) -> SubmissionVersion | None:
    """What the judges see: the last version submitted by the (extended) deadline."""
    on_time = [v for v in versions if v.submitted_at <= deadline]
    return max(on_time, key=lambda v: v.number) if on_time else None


def workshop_state(
    workshop: Workshop, versions: list[SubmissionVersion], deadline: datetime, now: datetime
) -> str:
    """not open, open, submitted, late (the counted version came under an extension), missed."""
    if now < workshop.opens_at:
        return "not open"
    counted = counted_version(versions, deadline)
    if counted is not None:
        return "late" if counted.under_extension else "submitted"
    return "open" if now <= deadline else "missed"


@dataclass(frozen=True)
class Standing:
    """Where one team stands on one workshop."""

    counted: SubmissionVersion | None
    extension: Extension | None


def cohort_standings(*, session: Session, cohort_id: int) -> dict[tuple[int, int], Standing]:
    """For every (team, workshop) of the cohort with a version or an extension: the counted
    version and the extension. Three queries, whatever the number of teams."""
    workshops = {w.id: w for w in session.exec(select(Workshop).where(Workshop.cohort_id == cohort_id))}
    extensions = {
        (e.team_id, e.workshop_id): e
        for e in session.exec(
            select(Extension).join(Team, Team.id == Extension.team_id).where(Team.cohort_id == cohort_id)
        )
    }
    versions: dict[tuple[int, int], list[SubmissionVersion]] = defaultdict(list)
    for version in session.exec(
        select(SubmissionVersion)
        .join(Team, Team.id == SubmissionVersion.team_id)
        .where(Team.cohort_id == cohort_id)
    ):
        versions[(version.team_id, version.workshop_id)].append(version)
    return {
        key: Standing(
            counted_version(
                versions.get(key, []), effective_deadline(workshops[key[1]], extensions.get(key))
            ),
            extensions.get(key),
        )
        for key in set(versions) | set(extensions)
    }


def counted_submission_times(*, session: Session, cohort_id: int) -> dict[tuple[int, int], datetime]:
    """When the counted version of every (team, workshop) of the cohort was submitted: the
    same rule as `cohort_standings`, read as plain columns (fast for thousands of teams)."""
    deadlines = dict(
        session.exec(select(Workshop.id, Workshop.deadline).where(Workshop.cohort_id == cohort_id)).all()
    )
    extended = {
        (t, w): d
        for t, w, d in session.exec(
            select(Extension.team_id, Extension.workshop_id, Extension.deadline)
            .join(Team, Team.id == Extension.team_id)
            .where(Team.cohort_id == cohort_id)
        ).all()
    }
    best: dict[tuple[int, int], tuple[int, datetime]] = {}
    for team, workshop, number, submitted in session.connection().execute(
        select(
            SubmissionVersion.team_id,
            SubmissionVersion.workshop_id,
            SubmissionVersion.number,
            SubmissionVersion.submitted_at,
        )
        .join(Team, Team.id == SubmissionVersion.team_id)
        .where(Team.cohort_id == cohort_id)
    ):
        key = (team, workshop)
        deadline = max(deadlines[workshop], extended[key]) if key in extended else deadlines[workshop]
        if submitted <= deadline and (key not in best or number > best[key][0]):
            best[key] = (number, submitted)
    return {key: submitted for key, (_, submitted) in best.items()}


def versions_of(*, session: Session, team_id: int, workshop_id: int) -> list[SubmissionVersion]:
    return list(
        session.exec(
            select(SubmissionVersion)
            .where(SubmissionVersion.team_id == team_id, SubmissionVersion.workshop_id == workshop_id)
            .order_by(SubmissionVersion.number)
        )
    )


def can_download_file(*, session: Session, user: User | None, file: SubmissionFile | None) -> bool:
    """Members of the submitting team, mentors assigned to the submission and not conflicted
    with the team, the secretariat."""
    if user is None or file is None:
        return False
    if user.role == Role.SECRETARIAT:
        return True
    version = session.get(SubmissionVersion, file.version_id)
    if user.role == Role.PARTICIPANT:
        return (
            session.exec(
                select(TeamMember.id).where(
                    TeamMember.team_id == version.team_id, TeamMember.user_id == user.id
                )
            ).first()
            is not None
        )
    if user.role == Role.MENTOR:
        assigned = session.exec(
            select(ReviewAssignment.id).where(
                ReviewAssignment.team_id == version.team_id,
                ReviewAssignment.workshop_id == version.workshop_id,
                ReviewAssignment.mentor_id == user.id,
            )
        ).first()
        # A conflict (declared, even after the round closed and kept the assignment, or as the
        # team's coach) ends the mentor's access, as it ends their review.
        conflicted = session.get(Team, version.team_id).coach_id == user.id or (
            session.exec(
                select(Conflict.id).where(Conflict.mentor_id == user.id, Conflict.team_id == version.team_id)
            ).first()
            is not None
        )
        return assigned is not None and not conflicted
    return False


def download_name(*, session: Session, user: User, file: SubmissionFile) -> str:
    """The name a download is saved under: the original, except for mentors when the cohort's
    judging is blind (then a neutral name with the right extension)."""
    if user.role != Role.MENTOR:
        return file.original_name
    version = session.get(SubmissionVersion, file.version_id)
    cohort = session.get(Cohort, session.get(Team, version.team_id).cohort_id)
    if not cohort.blind_judging:
        return file.original_name
    extension = file_extension(file.original_name) or "bin"
    return f"submission-{version.workshop_id}-v{version.number}-{file.id}.{extension}"


def file_extension(name: str) -> str:
    """The lower-case extension of a file name ("" when it has none)."""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def file_by_public_id(*, session: Session, public_id: str) -> SubmissionFile | None:
    """The stored file a download link names, or None."""
    return session.exec(select(SubmissionFile).where(SubmissionFile.public_id == public_id)).first()
