"""What the award pages show, read in one go per page: the secretariat's award list of a
cohort and a participant's published award lists. Typed values the states display as they
are (labels in the viewer's words, ids as text for the page's controls)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, select

from champions.infra.reasons import Localized
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import gettext
from champions.models import Application, ApplicationStatus, Cohort
from champions.models._time import utcnow
from champions.services.awards.decisions import (
    countries_text,
    criterion_names,
    draft_awards,
    entry_members,
    finalize_refusals,
    is_finalized,
    is_published,
    published_awards_for,
    visible_to_participants,
)
from champions.services.awards.proposal import TEAM_KINDS
from champions.services.awards.sharing import CertificateLine, certificate_lines
from champions.services.registration.cohorts import ceremony_start, cohort_or_current, list_cohorts
from champions.services.views import Choice

# --- the secretariat's award list -----------------------------------------------------------


@dataclass(frozen=True)
class TeamAwardLine:
    category_id: str
    name: str
    status: str
    winners: str
    checked: str  # the winners' team ids, comma-separated
    note: str
    decided: str  # "yes" when the secretariat decided it


@dataclass(frozen=True)
class RecognitionLine:
    id: str
    name: str
    count: str
    people: str


@dataclass(frozen=True)
class CategoryLine:
    """One award category as the categories form shows it (texts, as stored)."""

    id: str
    name: str
    kind: str
    place: str
    criterion: str


@dataclass(frozen=True)
class AwardPage:
    cohorts: list[str] = field(default_factory=list)
    cohort: str = ""  # "" when there is no cohort; then nothing else is read
    cohort_id: str = ""
    status: str = ""
    finalized: bool = False
    published: bool = False
    one_award_per_team: bool = True
    refusals: list[str] = field(default_factory=list)
    team_awards: list[TeamAwardLine] = field(default_factory=list)
    teams: list[Choice] = field(default_factory=list)
    recognitions: list[RecognitionLine] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    participants: list[Choice] = field(default_factory=list)
    categories: list[CategoryLine] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)


def award_page(
    *, session: Session, cohort_name: str, today: date, now: datetime | None = None, language: str = "en"
) -> AwardPage:
    """The award list of the cohort named (else the current one): the draft with the
    secretariat's decisions applied, its state, and what finalizing it still needs."""
    cohort = cohort_or_current(session=session, name=cohort_name, today=today)
    if cohort is None:
        return AwardPage()
    draft = draft_awards(session=session, cohort=cohort)
    names = {t.team_id: t.name for t in draft.ranking}
    award_list = draft.award_list
    if is_published(award_list):
        status = gettext(
            language,
            "Finalized and published to participants on {when}.",
            when=format_instant(award_list.published_at, SEOUL_ZONE, language),
        )
    elif is_finalized(award_list):
        values = {
            "when": format_instant(award_list.finalized_at, SEOUL_ZONE, language),
            "ceremony": format_instant(ceremony_start(cohort), SEOUL_ZONE, language),
        }
        if visible_to_participants(award_list, cohort, now or utcnow()):
            status = gettext(
                language,
                "Finalized on {when}: locked. Participants see it since the ceremony started ({ceremony}).",
                **values,
            )
        else:
            status = gettext(
                language,
                "Finalized on {when}: locked. Participants see it when the ceremony starts ({ceremony}), "
                "unless you publish it earlier.",
                **values,
            )
    else:
        status = gettext(
            language, "Draft: proposed from the results, with your decisions applied. Nothing is final yet."
        )
    by_category: dict[int, list[str]] = {}
    for r in draft.recognitions:
        by_category.setdefault(r.category.id, []).append(
            gettext(language, "{name} (granted)", name=r.name) if r.note else r.name
        )
    return AwardPage(
        cohorts=[c.name for c in list_cohorts(session=session)],
        cohort=cohort.name,
        cohort_id=str(cohort.id),
        status=status,
        finalized=is_finalized(award_list),
        published=is_published(award_list),
        one_award_per_team=award_list.one_award_per_team,
        refusals=[r.text(language) for r in finalize_refusals(draft) if r.code != "finalized"],
        team_awards=[
            TeamAwardLine(
                str(a.category.id),
                a.category.name,
                a.status,
                ", ".join(names.get(i, "?") for i in a.winners) or "—",
                ",".join(str(i) for i in a.winners),
                a.note.text(language) if isinstance(a.note, Localized) else a.note,
                "yes" if a.decision else "",
            )
            for a in draft.team_awards
        ],
        teams=[
            Choice(
                str(t.team_id),
                gettext(
                    language,
                    "{team} (rank {rank}, {score})",
                    team=t.name,
                    rank=t.rank,
                    score=f"{t.final_score:.2f}",
                ),
            )
            for t in draft.ranking
        ],
        recognitions=[
            RecognitionLine(
                str(c.id), c.name, str(len(by_category.get(c.id, []))), ", ".join(by_category.get(c.id, []))
            )
            for c in draft.categories
            if c.kind not in TEAM_KINDS
        ],
        withdrawn=[f"{category.name}: {name} — {reason}" for category, _, name, reason in draft.withdrawn],
        participants=sorted(
            (Choice(str(p.user_id), p.name) for p in draft.people.values()), key=lambda p: p.label.casefold()
        ),
        categories=[
            CategoryLine(str(c.id), c.name, c.kind.value, str(c.place or ""), c.criterion)
            for c in draft.categories
        ],
        criteria=criterion_names(session=session, cohort_id=cohort.id),
    )


# --- a participant's awards -----------------------------------------------------------------


@dataclass(frozen=True)
class AwardLine:
    award: str
    team: str
    members: str
    countries: str
    challenge: str


@dataclass(frozen=True)
class CohortAwards:
    cohort: str
    mine: list[str]  # the participant's own awards and recognitions
    awards: list[AwardLine]  # the Champion Team first
    certificates: list[CertificateLine] = field(default_factory=list)  # to verify and share


def participant_awards(
    *, session: Session, user_id: int, now: datetime | None = None, language: str = "en"
) -> list[CohortAwards]:
    """The award lists shown to participants (published, or since the ceremony started) of the
    cohorts the participant was accepted into, the newest first, each with their own awards and
    recognitions."""
    cohorts = session.exec(
        select(Cohort)
        .join(Application, Application.cohort_id == Cohort.id)
        .where(Application.user_id == user_id, Application.status == ApplicationStatus.ACCEPTED)
        .order_by(Cohort.phase1_start.desc())
    ).all()
    out = []
    for cohort in cohorts:
        published = published_awards_for(session=session, cohort=cohort, user_id=user_id, now=now)
        if published is None:
            continue
        out.append(
            CohortAwards(
                cohort=cohort.name,
                mine=[
                    gettext(language, "{award} — with {team}", award=e.award, team=e.team_name)
                    if e.team_name and e.kind.value in ("rank", "criterion")
                    else e.award
                    for e in published.mine
                ],
                awards=[
                    AwardLine(
                        e.award,
                        e.team_name,
                        ", ".join(m.name for m in entry_members(e)),
                        countries_text(entry_members(e), language),
                        e.challenge,
                    )
                    for e in reversed(published.team_awards)
                ],
                certificates=certificate_lines(session=session, user_id=user_id, cohort=cohort),
            )
        )
    return out
