"""Exports of the finalized award list for the ceremony: CSV, XLSX (Awards, Teams, Participants,
Scores), the ceremony list as PDF and one certificate page per recipient. Every format carries
names in any script: spreadsheets as Unicode text, PDFs with embedded fonts (see `fonts`).

The XLSX is made when the list is finalized, from the figures finalizing has just computed, and
kept (`AwardExport`) until the list is unlocked: a finalized list cannot change, and computing
the results and Phase 1 progress of thousands of people again took seconds per export. The
other formats read only the finalized entries, as plain rows.

Every export is in the language of whoever asks for it (the secretariat's; the command line's
`--language`, English by default): headings, sheet names, yes/no, countries and regions; the
award categories, names and titles stay as written. Certificates are each in their recipient's
language (see `documents`). The kept XLSX is the English one; another language's is made on
its first export and kept beside it (`AwardExport.fmt` "xlsx-ko")."""

import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from champions.infra.reasons import Reason, RuleViolation
from champions.infra.spreadsheet import to_csv
from champions.infra.translations import N_, gettext
from champions.models import AwardEntry, AwardExport, AwardList, Cohort, Team, User
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.awards.credentials import issue_credentials
from champions.services.awards.decisions import (
    AwardDraft,
    Member,
    countries_text,
    entry_members,
    is_finalized,
    team_members,
)
from champions.services.awards.documents import ceremony_pdf, certificates_pdf, language_or_english
from champions.services.awards.proposal import INDIVIDUAL_KINDS, TEAM_KINDS
from champions.services.phase1.progress import Progress, phase1_progress
from champions.services.registration.cohorts import ceremony_start
from champions.services.registration.countries import country_name, region_of
from champions.services.results.ranking import JudgingResults, judging_results

FORMATS = {
    "csv": ("text/csv", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
    "certificates": ("application/pdf", "pdf"),
}
AWARD_FIELDS = [
    N_("award"),
    N_("rank"),
    N_("team"),
    N_("member names"),
    N_("countries"),
    N_("city"),
    N_("final score"),
    N_("note"),
]
TEAM_FIELDS = [N_("rank"), N_("tie"), N_("team"), N_("final score")]
TEAM_FIELDS_AFTER = [N_("city"), N_("challenge"), N_("members"), N_("countries")]
PARTICIPANT_FIELDS = [
    N_("name"),
    N_("email"),
    N_("country"),
    N_("region"),
    N_("team"),
    N_("lectures counted"),
    N_("phase 1 complete"),
    N_("awards"),
]
SCORE_FIELDS = [
    N_("team"),
    N_("workshop"),
    N_("weight"),
    N_("score"),
    N_("score before normalization"),
    N_("mentors"),
    N_("sd"),
    N_("flagged"),
]
SHEETS = [N_("Awards"), N_("Teams"), N_("Participants"), N_("Scores")]


def _words(language: str, texts: list[str]) -> list[str]:
    """The texts (headings, sheet names: literals marked above) in the language."""
    return [gettext(language, text) for text in texts]


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes


@dataclass
class AwardData:
    """Everything the exports read, loaded once."""

    cohort: Cohort
    entries: list[AwardEntry]
    finalized_at: datetime
    results: JudgingResults | None = None
    progress: list[Progress] | None = None
    emails: dict[int, str] | None = None
    members: dict[int, list[Member]] | None = None
    teams: dict[int, Team] | None = None


def _score(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def award_rows(entries: list[AwardEntry], language: str = "en") -> tuple[list[str], list[list]]:
    """One row per award recipient (a team for team awards, a person for recognitions), in
    ceremony order; headings and countries in `language`."""
    rows = []
    for e in entries:
        members = entry_members(e)
        rows.append(
            [
                e.award,
                e.rank,
                e.team_name,
                "; ".join(m.name for m in members),
                countries_text(members, language),
                e.city,
                _score(e.final_score),
                e.note,
            ]
        )
    return _words(language, AWARD_FIELDS), rows


def entry_rows(*, session: Session, cohort_id: int) -> list:
    """The finalized entries in ceremony order as read-only rows with the entries' attributes
    (building thousands of ORM objects took a quarter of a second)."""
    table = AwardEntry.__table__
    return list(
        session.execute(
            select(table).where(table.c.cohort_id == cohort_id).order_by(table.c.order, table.c.id)
        ).all()
    )


def load_award_data(*, session: Session, cohort: Cohort, full: bool) -> AwardData:
    """The finalized list (and, with `full`, the results, progress and people the XLSX needs).
    Raises RuleViolation when the list is not finalized."""
    award_list = session.exec(select(AwardList).where(AwardList.cohort_id == cohort.id)).first()
    if award_list is None or not is_finalized(award_list):
        raise RuleViolation([Reason("not_finalized", "Finalize the award list before exporting it.")])
    data = AwardData(cohort, entry_rows(session=session, cohort_id=cohort.id), award_list.finalized_at)
    if full:
        data.results = judging_results(session=session, cohort=cohort)
        data.progress = phase1_progress(session=session, cohort=cohort)
        ids = [p.user_id for p in data.progress]
        data.emails = (
            dict(session.exec(select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
        )
        data.members = team_members(session=session, cohort_id=cohort.id)
        data.teams = {t.id: t for t in session.exec(select(Team).where(Team.cohort_id == cohort.id))}
    return data


# --- XLSX -------------------------------------------------------------------------------------


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _sheet(workbook, bold, title: str, fields: list[str], rows: list[list]) -> None:
    sheet = workbook.add_worksheet(title)
    sheet.freeze_panes(1, 0)
    widths = [_width(f) for f in fields]
    for row in rows[:500]:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
    for i, width in enumerate(widths):
        sheet.set_column(i, i, min(max(width + 2, 8), 60))
    sheet.write_row(0, 0, fields, bold)
    write_string, write_number = sheet.write_string, sheet.write_number
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                if value:
                    write_string(r, c, value)  # text that starts with "=" stays text, never a formula
            elif value is not None:
                write_number(r, c, value)


def team_rows(data: AwardData, language: str = "en") -> tuple[list[str], list[list]]:
    workshops = sorted(data.results.data.workshops, key=lambda w: w.position)
    fields = (
        _words(language, TEAM_FIELDS)
        + [
            gettext(language, "workshop {position}: {title}", position=w.position, title=w.title)
            for w in workshops
        ]
        + _words(language, TEAM_FIELDS_AFTER)
    )
    tie = gettext(language, "tie")
    rows = []
    for t in data.results.teams:
        team = data.teams.get(t.team_id)
        members = data.members.get(t.team_id, [])
        scores = {w.workshop_id: w.score for w in t.workshops}
        rows.append(
            [t.rank, tie if t.tie else "", t.name, _score(t.final_score)]
            + [_score(scores.get(w.id)) for w in workshops]
            + [
                team.city if team else "",
                team.challenge if team else "",
                "; ".join(m.name for m in members),
                countries_text(members, language),
            ]
        )
    return fields, rows


def participant_rows(data: AwardData, language: str = "en") -> tuple[list[str], list[list]]:
    fields = _words(language, PARTICIPANT_FIELDS)
    yes, no = gettext(language, "yes"), gettext(language, "no")
    team_of = {m.user_id: team_id for team_id, ms in data.members.items() for m in ms}
    awards: dict[int, list[str]] = defaultdict(list)
    for e in data.entries:
        if e.kind in INDIVIDUAL_KINDS and e.user_id is not None:
            awards[e.user_id].append(e.award)
        elif e.kind in TEAM_KINDS:
            for m in entry_members(e):
                awards[m.user_id].append(e.award)
    rows = []
    for p in data.progress:
        team = data.teams.get(team_of.get(p.user_id))
        rows.append(
            [
                p.full_name,
                data.emails.get(p.user_id, ""),
                country_name(p.country, language) if p.country else "",
                gettext(language, region_of(p.country).value) if p.country else "",
                team.name if team else "",
                p.counted,
                yes if p.complete else no,
                "; ".join(awards.get(p.user_id, [])),
            ]
        )
    return fields, rows


def score_rows(data: AwardData, language: str = "en") -> tuple[list[str], list[list]]:
    fields = _words(language, SCORE_FIELDS)
    yes = gettext(language, "yes")
    rows = []
    for t in data.results.teams:
        for w in sorted(t.workshops, key=lambda w: w.position):
            rows.append(
                [
                    t.name,
                    w.title,
                    round(w.weight, 4),
                    _score(w.score),
                    _score(w.score_raw),
                    len(w.mentors),
                    _score(w.sd),
                    yes if w.flagged else "",
                ]
            )
    return fields, rows


def awards_xlsx(data: AwardData, language: str = "en") -> bytes:
    """The workbook: sheets Awards, Teams, Participants and Scores, each with a frozen header row
    and columns as wide as their content; numbers as numbers, every text as text. Its sheet
    names, headings and words in `language`."""
    import xlsxwriter

    buffer = io.BytesIO()
    # Rows go straight to disk as they are written: memory stays flat for any cohort size.
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    awards, teams, participants, scores = _words(language, SHEETS)
    _sheet(workbook, bold, awards, *award_rows(data.entries, language))
    _sheet(workbook, bold, teams, *team_rows(data, language))
    _sheet(workbook, bold, participants, *participant_rows(data, language))
    _sheet(workbook, bold, scores, *score_rows(data, language))
    workbook.close()
    return buffer.getvalue()


def make_finalized_exports(*, session: Session, draft: AwardDraft, entries: list[AwardEntry]) -> None:
    """Adds the XLSX of a list being finalized, made from the draft's results and progress (no
    second computation). Called by `finalize_awards`; `unlock_awards` deletes it."""
    data = AwardData(
        draft.cohort,
        entries,
        draft.award_list.finalized_at,
        results=draft.results,
        progress=draft.progress,
        emails={p.user_id: p.email for p in draft.progress},
        members=draft.members,
        teams=draft.teams,
    )
    session.add(AwardExport(cohort_id=draft.cohort.id, fmt="xlsx", content=awards_xlsx(data)))


def _stored_xlsx(session: Session, cohort: Cohort, language: str = "en") -> bytes:
    """The XLSX made at finalization (English); made now (and kept) in another language on its
    first export, for a list finalized before exports were kept, or whose copy was dropped when
    a participant deleted their account."""
    fmt = "xlsx" if language == "en" else f"xlsx-{language}"
    content = session.exec(
        select(AwardExport.content).where(AwardExport.cohort_id == cohort.id, AwardExport.fmt == fmt)
    ).first()
    if content is None:
        content = awards_xlsx(load_award_data(session=session, cohort=cohort, full=True), language)
        session.add(AwardExport(cohort_id=cohort.id, fmt=fmt, content=content))
    return content


def _languages(session: Session, entries) -> dict[int, str]:
    """{user id: chosen language} of the people the entries name (for their certificates)."""
    ids = {e.user_id for e in entries if e.user_id is not None}
    ids |= {m.user_id for e in entries if e.kind in TEAM_KINDS for m in entry_members(e) if m.user_id}
    if not ids:
        return {}
    return dict(session.exec(select(User.id, User.language).where(User.id.in_(sorted(ids)))).all())


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name) or "cohort"


# --- the export ------------------------------------------------------------------------------


def export_awards(
    *, session: Session, cohort: Cohort, fmt: str, actor_id: int | None, language: str = "en"
) -> ExportFile:
    """The finalized list in one format (csv, xlsx, pdf, certificates), in `language` (the
    asker's; certificates each in their recipient's). Audited (who exported what). Raises
    RuleViolation when the format is unknown or the list is not finalized."""
    language = language_or_english(language)
    if fmt not in FORMATS:
        raise RuleViolation([Reason("bad_format", "Choose CSV, XLSX, PDF or certificates.", "format")])
    data = load_award_data(session=session, cohort=cohort, full=False)  # refuses an unfinalized list
    if fmt == "csv":
        content = to_csv(*award_rows(data.entries, language)).encode("utf-8")
    elif fmt == "xlsx":
        content = _stored_xlsx(session, cohort, language)
    elif fmt == "pdf":
        content = ceremony_pdf(cohort.name, ceremony_start(cohort), data.entries, language)
    else:
        # A list finalized before credentials existed gets them now (idempotent otherwise).
        issued = issue_credentials(session=session, cohort=cohort, entries=data.entries)
        content = certificates_pdf(
            cohort.name, ceremony_start(cohort), data.entries, issued, _languages(session, data.entries)
        )
    media_type, extension = FORMATS[fmt]
    stem = "certificates" if fmt == "certificates" else "awards"
    record_audit(
        session=session,
        actor_id=actor_id,
        cohort_id=cohort.id,
        action="awards_exported",
        entity="award_list",
        entity_id=cohort.id,
        after={"format": fmt, "bytes": len(content), "at": utcnow().isoformat()},
    )
    session.flush()
    return ExportFile(f"{stem}-{_slug(cohort.name)}.{extension}", media_type, content)
