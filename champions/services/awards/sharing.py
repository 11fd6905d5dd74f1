"""Sharing what people earned: each participant's own certificates with their verification URL,
an "Add to LinkedIn profile" link and their Open Badge; the public winners page of an edition
after its ceremony, naming only the members who agreed to be shown (a choice on /account, off
until they make it; withdrawing it removes the name at once, as the page reads it live)."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, urlencode

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.models import AwardList, Cohort, Credential, CredentialKind, Role, User
from champions.models._time import utcnow
from champions.services.awards.credentials import (
    ISSUER_NAME,
    KIND_WORDS,
    PROGRAM_NAME,
    day_words,
    grouped,
    origin,
    verification_url,
)
from champions.services.awards.decisions import entry_members, finalized_entries, is_finalized
from champions.services.awards.proposal import TEAM_KINDS
from champions.services.registration.cohorts import ceremony_start, get_cohort
from champions.services.registration.countries import country_name

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


@dataclass(frozen=True)
class CertificateLine:
    """One of the viewer's own valid credentials, as /awards lists it."""

    title: str  # the award
    kind: str
    code: str  # grouped
    url: str  # the verification page
    linkedin: str
    badge: str  # the Open Badge download (the holder only)


def linkedin_url(*, name: str, issued: datetime, code: str, url: str) -> str:
    """LinkedIn's "add a certification to your profile" address, filled in."""
    return (
        LINKEDIN_ADD
        + "?"
        + urlencode(
            {
                "startTask": "CERTIFICATION_NAME",
                "name": name,
                "organizationName": ISSUER_NAME,
                "issueYear": issued.year,
                "issueMonth": issued.month,
                "certId": grouped(code),
                "certUrl": url,
            },
            quote_via=quote,
        )
    )


def certificate_lines(*, session: Session, user_id: int, cohort: Cohort) -> list[CertificateLine]:
    """The person's valid credentials of one edition, in the order they were issued."""
    rows = session.exec(
        select(Credential)
        .where(
            Credential.cohort_id == cohort.id,
            Credential.holder_user_id == user_id,
            Credential.revoked_at.is_(None),
        )
        .order_by(Credential.id)
    )
    ceremony = ceremony_start(cohort)
    return [
        CertificateLine(
            title=c.award,
            kind=KIND_WORDS[CredentialKind(c.kind)],
            code=grouped(c.code),
            url=verification_url(c.code),
            linkedin=linkedin_url(
                name=f"{c.award} · {PROGRAM_NAME} {cohort.name}",
                issued=ceremony,
                code=c.code,
                url=verification_url(c.code),
            ),
            badge=f"/credentials/open-badge/{c.code}",
        )
        for c in rows
    ]


# --- consent ---------------------------------------------------------------------------------


def winners_consent(*, session: Session, user_id: int) -> bool:
    user = session.get(User, user_id)
    return bool(user and user.name_on_winners_page)


def set_winners_consent(*, session: Session, user_id: int, shown: bool) -> bool:
    """The participant's choice: their name on the public winners pages, or not. Raises
    RuleViolation for an account that is not a participant's."""
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.role != Role.PARTICIPANT:
        raise RuleViolation([Reason("not_participant", "Only participants appear on the winners page.")])
    user.name_on_winners_page = bool(shown)
    session.add(user)
    session.flush()
    return user.name_on_winners_page


# --- the public winners page -------------------------------------------------------------------


@dataclass(frozen=True)
class WinningTeam:
    award: str
    team: str
    city: str
    countries: str
    members: list[str] = field(default_factory=list)  # those who agreed to be shown
    country_codes: list[str] = field(default_factory=list)  # the countries', for other languages


@dataclass(frozen=True)
class WinnersPage:
    edition: str
    ceremony: str  # its day in Seoul
    awards: list[WinningTeam]
    url: str
    ceremony_at: datetime | None = None  # the instant behind `ceremony`, for other languages

    @property
    def title(self) -> str:
        return f"Winners of {PROGRAM_NAME} {self.edition}"

    @property
    def description(self) -> str:
        champions = next(iter(self.awards), None)
        lead = f"{champions.award}: {champions.team} ({champions.city}). " if champions else ""
        return (
            f"{lead}The teams WeGO's {PROGRAM_NAME} {self.edition} recognized at its ceremony on "
            f"{self.ceremony}."
        )


def winners_page(*, session: Session, edition: str, now: datetime | None = None) -> WinnersPage | None:
    """The winners of an edition once its award list is finalized and its ceremony has begun
    (None before, and for an edition that does not exist: the same answer)."""
    cohort = get_cohort(session=session, name=edition[:80])
    if cohort is None or (now or utcnow()) < ceremony_start(cohort):
        return None
    award_list = session.exec(select(AwardList).where(AwardList.cohort_id == cohort.id)).first()
    if award_list is None or not is_finalized(award_list):
        return None
    entries = [e for e in finalized_entries(session=session, cohort_id=cohort.id) if e.kind in TEAM_KINDS]
    member_ids = {m.user_id for e in entries for m in entry_members(e) if m.user_id is not None}
    shown = (
        set(
            session.exec(
                select(User.id).where(
                    User.id.in_(member_ids), User.name_on_winners_page.is_(True), User.is_active.is_(True)
                )
            )
        )
        if member_ids
        else set()
    )
    awards = []
    for e in reversed(entries):  # the ceremony ends with the Champion Team: the page starts with it
        members = entry_members(e)
        countries, codes = [], []
        for m in members:
            name = country_name(m.country) if m.country else ""
            if name and name not in countries:
                countries.append(name)
                codes.append(m.country)
        awards.append(
            WinningTeam(
                award=e.award,
                team=e.team_name,
                city=e.city,
                countries=", ".join(countries),
                members=[m.name for m in members if m.user_id in shown],
                country_codes=codes,
            )
        )
    return WinnersPage(
        cohort.name,
        day_words(ceremony_start(cohort)),
        awards,
        f"{origin()}/winners/{quote(cohort.name)}",
        ceremony_start(cohort),
    )
