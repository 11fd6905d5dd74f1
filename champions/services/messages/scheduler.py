"""The reminders: computed from the editions' dates at each pass of the scheduler, sent once.

A pass (`schedule_due`) finds every reminder whose moment to go has come (its due time passed)
and whose event is at most LOOKBACK old, inserts each as a `Notification` under its unique key
(kind, subject, recipient and the instant it reminds of), and sends the due ones. The key is
claimed by the database's unique index, so passes on several workers, or repeated after a
restart, never send a reminder twice. The instant in the key makes a moved lecture a new
reminder (at its new time); the old one is no longer wanted and is dropped with the reason. A
reminder whose event passed before it could go (the app was down) is recorded as dropped."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from champions.infra.db import serialize
from champions.models import (
    Application,
    ApplicationStatus,
    Attendance,
    AwardList,
    Cohort,
    Extension,
    JudgingRound,
    Lecture,
    Notification,
    NotificationSettings,
    Reflection,
    ReflectionStatus,
    ReviewAssignment,
    RoundState,
    Score,
    SubmissionVersion,
    Team,
    TeamMember,
    User,
    Workshop,
)
from champions.models._time import utcnow
from champions.services.awards.decisions import visible_to_participants
from champions.services.messages.custom import custom_kinds
from champions.services.messages.digest import digest_reminders
from champions.services.messages.due import LOOKBACK, Due
from champions.services.messages.notify import (
    Attachment,
    Outgoing,
    ensure_settings,
    muted,
    outgoing,
    send_all,
    upsert_statement,
    zone_of,
)
from champions.services.messages.participants import (
    at_risk_reminders,
    certificate_notices,
    phase2_notices,
)
from champions.services.messages.review import HOLDABLE, drop_stale_held, holding_editions
from champions.services.messages.switches import OFF_REASON, kinds_off
from champions.services.messages.templates import (
    KINDS,
    Kind,
    in_language,
    language_of,
    lecture_place,
    localized,
    moment_text,
    origin,
    render,
    submission_items,
)
from champions.services.phase1.attendance import COUNTED
from champions.services.phase1.calendar import lecture_calendar
from champions.services.phase1.reflections import REFLECTION_DAYS
from champions.services.phase2.workshops import effective_deadline
from champions.services.registration.cohorts import ceremony_start

LECTURE_BEFORE = timedelta(hours=24)
REFLECTION_BEFORE = timedelta(hours=48)
WORKSHOP_BEFORE = (72, 24)  # hours
SCORING_BEFORE = timedelta(hours=48)
BATCH = 200  # notifications sent per transaction: short write locks


@dataclass(frozen=True)
class PassReport:
    scheduled: int  # new reminders recorded to be sent
    sent: int
    dropped: int  # recorded or found too late, or no longer wanted
    held: int = 0  # waiting in the outbox for the secretariat's approval (hold for review)


def _accepted(session: Session, cohort_id: int) -> list[int]:
    return list(
        session.exec(
            select(Application.user_id)
            .join(User, User.id == Application.user_id)
            .where(
                Application.cohort_id == cohort_id,
                Application.status == ApplicationStatus.ACCEPTED,
                User.is_active,
            )
            .order_by(Application.user_id)
        )
    )


def _lecture_reminders(session: Session, cohort: Cohort, now: datetime, people: list[int]) -> list[Due]:
    lectures = list(
        session.exec(
            select(Lecture)
            .where(Lecture.cohort_id == cohort.id, Lecture.cancelled_at.is_(None))
            .order_by(Lecture.starts_at, Lecture.id)
        )
    )
    due: list[Due] = []
    for number, lecture in enumerate(lectures, start=1):
        if not (now - LOOKBACK < lecture.starts_at and lecture.starts_at - LECTURE_BEFORE <= now):
            continue
        where = lecture_place(lecture.join_url, lecture.venue)
        attachment = Attachment(
            f"lecture-{number}.ics", "text/calendar", lecture_calendar(cohort, lecture, number, now)
        )
        for user_id in people:
            due.append(
                Due(
                    user_id,
                    "lecture_reminder",
                    f"lecture:{lecture.id}",
                    cohort.id,
                    lecture.starts_at - LECTURE_BEFORE,
                    lecture.starts_at,
                    "/schedule",
                    {"lecture": lecture.title, "where": where},
                    {"when": lecture.starts_at},
                    attachment,
                )
            )
    return due


def _reflection_reminders(session: Session, cohort: Cohort, now: datetime, people: list[int]) -> list[Due]:
    if not cohort.recording_route:
        return []
    lectures = session.exec(
        select(Lecture).where(Lecture.cohort_id == cohort.id, Lecture.cancelled_at.is_(None))
    ).all()
    due: list[Due] = []
    for lecture in lectures:
        closes = lecture.ends_at + REFLECTION_DAYS
        if not (now - LOOKBACK < closes and closes - REFLECTION_BEFORE <= now):
            continue
        attended = set(
            session.exec(
                select(Attendance.user_id).where(
                    Attendance.lecture_id == lecture.id, Attendance.status.in_(COUNTED)
                )
            )
        )
        reflected = set(
            session.exec(
                select(Reflection.user_id).where(
                    Reflection.lecture_id == lecture.id,
                    Reflection.status.in_((ReflectionStatus.SUBMITTED, ReflectionStatus.APPROVED)),
                )
            )
        )
        for user_id in people:
            if user_id in attended or user_id in reflected:
                continue
            due.append(
                Due(
                    user_id,
                    "reflection_due",
                    f"lecture:{lecture.id}",
                    cohort.id,
                    closes - REFLECTION_BEFORE,
                    closes,
                    "/schedule",
                    {"lecture": lecture.title},
                    {"deadline": closes},
                )
            )
    return due


def _workshop_reminders(session: Session, cohort: Cohort, now: datetime) -> list[Due]:
    workshops = session.exec(select(Workshop).where(Workshop.cohort_id == cohort.id)).all()
    teams = session.exec(select(Team).where(Team.cohort_id == cohort.id).order_by(Team.id)).all()
    if not workshops or not teams:
        return []
    members: dict[int, list[int]] = defaultdict(list)
    for team_id, user_id in session.exec(
        select(TeamMember.team_id, TeamMember.user_id).where(TeamMember.cohort_id == cohort.id)
    ):
        members[team_id].append(user_id)
    submitted = set(
        session.exec(
            select(SubmissionVersion.team_id, SubmissionVersion.workshop_id)
            .join(Team, Team.id == SubmissionVersion.team_id)
            .where(Team.cohort_id == cohort.id)
            .distinct()
        )
    )
    extensions = {
        (e.team_id, e.workshop_id): e
        for e in session.exec(select(Extension).where(Extension.workshop_id.in_([w.id for w in workshops])))
    }
    due: list[Due] = []
    for workshop in workshops:
        for team in teams:
            if (team.id, workshop.id) in submitted or not members[team.id]:
                continue
            deadline = effective_deadline(workshop, extensions.get((team.id, workshop.id)))
            for hours in WORKSHOP_BEFORE:
                at = deadline - timedelta(hours=hours)
                if not (now - LOOKBACK < deadline and at <= now):
                    continue
                if hours > min(WORKSHOP_BEFORE) and now >= deadline - timedelta(hours=min(WORKSHOP_BEFORE)):
                    continue  # the later reminder is due too: only it goes
                for user_id in members[team.id]:
                    due.append(
                        Due(
                            user_id,
                            "workshop_deadline",
                            f"team:{team.id}:workshop:{workshop.id}:{hours}h",
                            cohort.id,
                            at,
                            deadline,
                            "/team",
                            {"team": team.name, "workshop": workshop.title, "hours": str(hours)},
                            {"deadline": deadline},
                        )
                    )
    return due


def _mentor_reminders(session: Session, cohort: Cohort, now: datetime) -> list[Due]:
    rounds = session.exec(
        select(JudgingRound, Workshop)
        .join(Workshop, Workshop.id == JudgingRound.workshop_id)
        .where(Workshop.cohort_id == cohort.id, JudgingRound.state == RoundState.OPEN)
    ).all()
    due: list[Due] = []
    for judging, workshop in rounds:
        assigned: dict[int, list[ReviewAssignment]] = defaultdict(list)
        for assignment in session.exec(
            select(ReviewAssignment)
            .where(ReviewAssignment.workshop_id == workshop.id)
            .order_by(ReviewAssignment.code)
        ):
            assigned[assignment.mentor_id].append(assignment)
        scored = set(
            session.exec(
                select(Score.mentor_id, Score.team_id).where(
                    Score.workshop_id == workshop.id, Score.submitted
                )
            )
        )
        opened = judging.opened_at or now
        for mentor_id, items in assigned.items():
            if opened > now - LOOKBACK:  # a round long open is no news any more
                due.append(
                    Due(
                        mentor_id,
                        "mentor_assignments",
                        f"round:{workshop.id}",
                        cohort.id,
                        opened,
                        None,
                        "/mentor",
                        {
                            "workshop": workshop.title,
                            "count": str(len(items)),
                            "items": submission_items(a.code for a in items),
                        },
                    )
                )
            closes = judging.scoring_closes_at
            open_items = [a for a in items if (mentor_id, a.team_id) not in scored]
            if closes is None or not open_items:
                continue
            if not (now - LOOKBACK < closes and closes - SCORING_BEFORE <= now):
                continue
            due.append(
                Due(
                    mentor_id,
                    "scoring_reminder",
                    f"round:{workshop.id}",
                    cohort.id,
                    closes - SCORING_BEFORE,
                    closes,
                    "/mentor",
                    {
                        "workshop": workshop.title,
                        "count": str(len(open_items)),
                        "items": submission_items(a.code for a in open_items),
                    },
                    {"deadline": closes},
                )
            )
    return due


def _award_announcements(session: Session, cohort: Cohort, now: datetime, people: list[int]) -> list[Due]:
    """Once the finalized list shows to participants (published, or the ceremony began)."""
    award_list = session.exec(select(AwardList).where(AwardList.cohort_id == cohort.id)).first()
    if award_list is None or not visible_to_participants(award_list, cohort, now):
        return []
    since = award_list.published_at or ceremony_start(cohort)
    since = min(since, ceremony_start(cohort))
    if since <= now - LOOKBACK:
        return []  # long announced: history
    return [
        Due(user_id, "awards_announced", f"cohort:{cohort.id}", cohort.id, since, None, "/awards")
        for user_id in people
    ]


def due_reminders(*, session: Session, now: datetime) -> list[Due]:
    """Every reminder whose time to go has come, for the editions not archived. Reads only."""
    due: list[Due] = []
    for cohort in session.exec(select(Cohort).where(Cohort.archived_at.is_(None)).order_by(Cohort.id)):
        people = _accepted(session, cohort.id)
        due += _lecture_reminders(session, cohort, now, people)
        due += _reflection_reminders(session, cohort, now, people)
        due += _workshop_reminders(session, cohort, now)
        due += _mentor_reminders(session, cohort, now)
        due += _award_announcements(session, cohort, now, people)
        due += at_risk_reminders(session, cohort, now)
        due += phase2_notices(session, cohort, now)
        due += certificate_notices(session, cohort, now)
        due += digest_reminders(session, cohort, now)
    return due


def _record(session: Session, reminders: list[Due], now: datetime) -> tuple[int, int]:
    """Insert the reminders not recorded yet (as scheduled, or dropped when their event has
    passed); a key another worker inserted first is skipped by the database. Returns how many
    this pass inserted as scheduled and as dropped."""
    table = Notification.__table__
    insert = upsert_statement(session)
    inserted = {"scheduled": 0, "dropped": 0}
    for start in range(0, len(reminders), 500):
        # The write lock first (SQLite: a transaction that read and then writes after another
        # worker's commit fails at once instead of waiting; PostgreSQL: passes take turns here).
        session.commit()
        serialize(session, "notification-pass")
        chunk = reminders[start : start + 500]
        known = set(
            session.exec(
                select(Notification.dedupe_key).where(Notification.dedupe_key.in_([d.key for d in chunk]))
            )
        )
        rows = []
        for d in chunk:
            if d.key in known:
                continue
            passed = d.moment is not None and d.moment <= now
            rows.append(
                {
                    "user_id": d.user_id,
                    "cohort_id": d.cohort_id,
                    "kind": d.kind,
                    "subject_key": d.subject_key,
                    "dedupe_key": d.key,
                    "due_at": d.due_at,
                    "moment": d.moment,
                    "state": "dropped" if passed else "scheduled",
                    "reason": "its moment passed before it could be sent (the app was not running)"
                    if passed
                    else "",
                    "subject": "",
                    "body": "",
                    "link": "",
                    "created_at": now,
                }
            )
            known.add(d.key)
        for state in ("scheduled", "dropped"):
            chosen = [row for row in rows if row["state"] == state]
            if chosen:
                # Many parameter sets, one statement compiled once (batched by SQLAlchemy);
                # RETURNING counts the rows inserted (rowcount is -1 on some drivers).
                statement = (
                    insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(table.c.id)
                )
                inserted[state] += len(session.execute(statement, chosen).all())
        session.commit()
    return inserted["scheduled"], inserted["dropped"]


def _claim(session: Session, ids: list[int]) -> set[int]:
    """Take these scheduled notifications for this pass: each is taken by one worker only (the
    conditional update; on PostgreSQL a second worker waits for the first's commit and then
    finds them taken)."""
    table = Notification.__table__
    claimed = session.execute(
        update(table)
        .where(table.c.id.in_(ids), table.c.state == "scheduled")
        .values(state="sending")
        .returning(table.c.id)
    )
    return set(claimed.scalars())


def schedule_due(*, session: Session, now: datetime | None = None) -> PassReport:
    """One pass of the scheduler: record the reminders whose time came, then send every due
    notification once or drop it with the reason. Safe to run on several workers at once and
    again after a crash: rows are claimed by a conditional update, and their emails are queued
    in the same transaction as their new state (commits in batches of BATCH)."""
    now = now or utcnow()
    reminders = due_reminders(session=session, now=now)
    scheduled, dropped = _record(session, reminders, now)
    wanted = {d.key: d for d in reminders}
    serialize(session, "notification-pass")  # see _record
    dropped += drop_stale_held(session, set(wanted), now)
    session.commit()
    waiting = list(
        session.exec(
            select(Notification.id, Notification.dedupe_key, Notification.kind, Notification.user_id)
            .where(Notification.state == "scheduled", Notification.due_at <= now)
            .order_by(Notification.due_at, Notification.id)
        )
    )
    session.commit()
    if not waiting:
        return PassReport(scheduled=scheduled, sent=0, dropped=dropped)
    wording = custom_kinds(session)  # the editions' own templates
    held_in = holding_editions(session)
    recipients = sorted({row[3] for row in waiting})
    users = _users(session, recipients)
    session.commit()
    serialize(session, "notification-pass")  # see _record
    settings = ensure_settings(session, recipients)
    session.commit()
    editions = dict(session.exec(select(Cohort.id, Cohort.title)).all())
    switched_off = {cohort_id: kinds_off(session, cohort_id) for cohort_id in editions}
    table = Notification.__table__
    sent = held = 0
    for start in range(0, len(waiting), BATCH):
        batch = waiting[start : start + BATCH]
        claimed = _claim(session, [row[0] for row in batch])
        drops: list[dict] = []
        ready: list[Outgoing] = []
        waits: list[Outgoing] = []  # held for review
        for notification_id, key, kind_name, user_id in batch:
            if notification_id not in claimed:
                continue  # another worker has it
            kind, user, own = KINDS.get(kind_name), users.get(user_id), settings.get(user_id)
            reminder = wanted.get(key)
            reason = _refusal(kind, user, own, reminder, now)
            if not reason and reminder is not None and kind_name in switched_off.get(reminder.cohort_id, ()):
                reason = OFF_REASON
            if reason:
                drops.append({"nid": notification_id, "why": reason})
                continue
            link = f"{origin()}{reminder.path}"
            language = language_of(user)
            values = {name: moment_text(at, zone_of(own), language) for name, at in reminder.instants.items()}
            values |= in_language(reminder.values, language)
            values |= {"name": user.full_name, "link": link, "edition": editions[reminder.cohort_id]}
            spec = wording.get((reminder.cohort_id, kind_name, language)) or localized(kind, language)
            subject, body = render(spec, values)
            hold = reminder.cohort_id in held_in and kind_name in HOLDABLE
            (waits if hold else ready).append(
                outgoing(
                    notification_id,
                    kind=kind,
                    user=user,
                    settings=own,
                    subject=subject,
                    body=body,
                    link=link,
                    now=now,
                    attachment=reminder.attachment,
                    language=language,
                )
            )
        if drops:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("nid"))
                .values(state="dropped", reason=bindparam("why")),
                drops,
            )
        send_all(session, ready, now)
        send_all(session, waits, now, held=True)
        session.commit()
        sent, held, dropped = sent + len(ready), held + len(waits), dropped + len(drops)
    return PassReport(scheduled=scheduled, sent=sent, dropped=dropped, held=held)


def _users(session: Session, ids: list[int]) -> dict[int, User]:
    found: dict[int, User] = {}
    for start in range(0, len(ids), 500):
        found.update(
            (u.id, u) for u in session.exec(select(User).where(User.id.in_(ids[start : start + 500])))
        )
    return found


def _refusal(
    kind: Kind | None,
    user: User | None,
    settings: NotificationSettings | None,
    reminder: Due | None,
    now: datetime,
) -> str:
    """Why a due notification is not sent ("" when it is)."""
    if kind is None or user is None or not user.is_active:
        return "the recipient or the kind no longer exists"
    if reminder is None:
        return "no longer applies (its date moved, it was cancelled, or it was done)"
    if reminder.moment is not None and reminder.moment <= now:
        return "its moment passed before it could be sent (the app was not running)"
    if kind.optional and kind.name in muted(settings):
        return "turned off by the recipient"
    return ""
