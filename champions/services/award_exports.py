"""Exports of the finalized award list for the ceremony: CSV, XLSX (Awards, Teams, Participants,
Scores), the ceremony list as PDF and one certificate page per recipient. Every format carries
names in any script: spreadsheets as Unicode text, PDFs with embedded fonts (see `fonts`)."""

import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlmodel import Session, select

from champions.models import AwardEntry, AwardList, Cohort, Team, User
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.award_proposal import INDIVIDUAL_KINDS, TEAM_KINDS
from champions.services.awards import (
    Member,
    countries_text,
    entry_members,
    finalized_entries,
    is_finalized,
    team_members,
)
from champions.services.countries import country_name, region_of
from champions.services.fonts import export_fonts
from champions.services.progress import Progress, phase1_progress
from champions.services.reasons import Reason, RuleViolation
from champions.services.results import JudgingResults, judging_results
from champions.services.spreadsheet import to_csv
from champions.services.timezones import SEOUL_ZONE, local

FORMATS = {"csv": ("text/csv", "csv"), "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                                "xlsx"),
           "pdf": ("application/pdf", "pdf"), "certificates": ("application/pdf", "pdf")}
AWARD_FIELDS = ["award", "rank", "team", "member names", "countries", "city", "final score", "note"]


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
    results: Optional[JudgingResults] = None
    progress: Optional[list[Progress]] = None
    emails: Optional[dict[int, str]] = None
    members: Optional[dict[int, list[Member]]] = None
    teams: Optional[dict[int, Team]] = None


def _score(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 2)


def award_rows(entries: list[AwardEntry]) -> tuple[list[str], list[list]]:
    """One row per award recipient (a team for team awards, a person for recognitions), in
    ceremony order."""
    rows = []
    for e in entries:
        members = entry_members(e)
        rows.append([e.award, e.rank, e.team_name, "; ".join(m.name for m in members), countries_text(members),
                     e.city, _score(e.final_score), e.note])
    return AWARD_FIELDS, rows


def load_award_data(*, session: Session, cohort: Cohort, full: bool) -> AwardData:
    """The finalized list (and, with `full`, the results, progress and people the XLSX needs).
    Raises RuleViolation when the list is not finalized."""
    award_list = session.exec(select(AwardList).where(AwardList.cohort_id == cohort.id)).first()
    if award_list is None or not is_finalized(award_list):
        raise RuleViolation([Reason("not_finalized", "Finalize the award list before exporting it.")])
    data = AwardData(cohort, finalized_entries(session=session, cohort_id=cohort.id), award_list.finalized_at)
    if full:
        data.results = judging_results(session=session, cohort=cohort)
        data.progress = phase1_progress(session=session, cohort=cohort)
        ids = [p.user_id for p in data.progress]
        data.emails = dict(session.exec(select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}
        data.members = team_members(session=session, cohort_id=cohort.id)
        data.teams = {t.id: t for t in session.exec(select(Team).where(Team.cohort_id == cohort.id))}
    return data


# --- XLSX -------------------------------------------------------------------------------------

def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _sheet(workbook, title: str, fields: list[str], rows: list[list]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    widths = [_width(f) for f in fields]
    for row in rows[:500]:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], _width(value))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    bold = Font(bold=True)
    header = []
    for name in fields:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula
            cells.append(cell)
        sheet.append(cells)


def team_rows(data: AwardData) -> tuple[list[str], list[list]]:
    workshops = sorted(data.results.data.workshops, key=lambda w: w.position)
    fields = (["rank", "tie", "team", "final score"] + [f"workshop {w.position}: {w.title}" for w in workshops]
              + ["city", "challenge", "members", "countries"])
    rows = []
    for t in data.results.teams:
        team = data.teams.get(t.team_id)
        members = data.members.get(t.team_id, [])
        scores = {w.workshop_id: w.score for w in t.workshops}
        rows.append([t.rank, "tie" if t.tie else "", t.name, _score(t.final_score)]
                    + [_score(scores.get(w.id)) for w in workshops]
                    + [team.city if team else "", team.challenge if team else "",
                       "; ".join(m.name for m in members), countries_text(members)])
    return fields, rows


def participant_rows(data: AwardData) -> tuple[list[str], list[list]]:
    fields = ["name", "email", "country", "region", "team", "lectures counted", "phase 1 complete", "awards"]
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
        rows.append([p.full_name, data.emails.get(p.user_id, ""), country_name(p.country) if p.country else "",
                     region_of(p.country).value if p.country else "", team.name if team else "", p.counted,
                     "yes" if p.complete else "no", "; ".join(awards.get(p.user_id, []))])
    return fields, rows


def score_rows(data: AwardData) -> tuple[list[str], list[list]]:
    fields = ["team", "workshop", "weight", "score", "score before normalization", "mentors", "sd", "flagged"]
    rows = []
    for t in data.results.teams:
        for w in sorted(t.workshops, key=lambda w: w.position):
            rows.append([t.name, w.title, round(w.weight, 4), _score(w.score), _score(w.score_raw), len(w.mentors),
                         _score(w.sd), "yes" if w.flagged else ""])
    return fields, rows


def awards_xlsx(data: AwardData) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _sheet(workbook, "Awards", *award_rows(data.entries))
    _sheet(workbook, "Teams", *team_rows(data))
    _sheet(workbook, "Participants", *participant_rows(data))
    _sheet(workbook, "Scores", *score_rows(data))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------------------

def _needs_shaping(text: str) -> bool:
    """Text beyond Latin needs HarfBuzz (joined Arabic, right-to-left order, combining marks);
    plain Latin is set faster without it."""
    return any(ord(c) > 0x24F for c in text)


class _Document:
    """An fpdf2 document with the export fonts, shaping only the text that needs it."""

    def __init__(self, orientation: str):
        from fpdf import FPDF

        fonts = export_fonts()
        self.pdf = FPDF(orientation=orientation, format="A4")
        self.pdf.set_auto_page_break(True, margin=18)
        for face in [fonts.main, *fonts.fallbacks]:
            self.pdf.add_font(face.family, "", str(face.regular), collection_font_number=face.collection_index)
            self.pdf.add_font(face.family, "B", str(face.bold), collection_font_number=face.collection_index)
        self.pdf.set_fallback_fonts([face.family for face in fonts.fallbacks])

    def line(self, text: str, size: float, *, bold: bool = False, height: Optional[float] = None,
             align: str = "C", gray: int = 0) -> None:
        text = unicodedata.normalize("NFC", text)
        self.pdf.set_font("Sans", "B" if bold else "", size)
        self.pdf.set_text_color(gray)
        # Left-to-right paragraphs (the documents are in English); an Arabic name inside still runs right to left.
        self.pdf.set_text_shaping(_needs_shaping(text), direction="ltr")
        height = height or size * 0.55
        # One cell is several times faster than a paragraph; most lines (names, awards) fit in one.
        if self.pdf.get_string_width(text) <= self.pdf.epw:
            self.pdf.cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")
        else:
            self.pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _date_words(instant: datetime) -> str:
    """"1 December 2022", the day in Seoul."""
    day = local(instant, SEOUL_ZONE)
    return f"{day.day} {day:%B} {day.year}"


def ceremony_pdf(data: AwardData) -> bytes:
    """The award list in ceremony order: each team award on its own page in large type (team,
    members with countries, city and challenge), then the recognitions with their recipients."""
    doc = _Document("L")
    pdf = doc.pdf
    pdf.add_page()
    pdf.ln(45)
    doc.line("Smart City Champions", 40, bold=True)
    doc.line(f"{data.cohort.name} · Award ceremony", 26)
    doc.line(f"Final list of {_date_words(data.finalized_at)}", 14, gray=90)
    by_award: dict[tuple[int, str], list[AwardEntry]] = defaultdict(list)
    for e in data.entries:
        by_award[(e.order, e.award)].append(e)
    for (_, award), entries in sorted(by_award.items()):
        pdf.add_page()
        if entries[0].kind in INDIVIDUAL_KINDS:
            doc.line(award, 30, bold=True)
            doc.line(f"{len(entries)} recipients", 14, gray=90)
            pdf.ln(4)
            for e in entries:
                doc.line(f"{e.recipient} — {countries_text(entry_members(e))}", 12, align="L", height=6.5)
            continue
        pdf.ln(10)
        doc.line(award + (" (joint award)" if len(entries) > 1 else ""), 34, bold=True)
        for e in entries:
            pdf.ln(6)
            doc.line(e.team_name, 30, bold=True)
            if e.rank is not None:
                doc.line(f"Rank {e.rank} · final score {e.final_score:.2f}", 14, gray=90)
            if e.challenge:
                doc.line(e.challenge, 16, gray=40)
            if e.city:
                doc.line(e.city, 14, gray=90)
            pdf.ln(3)
            # Lines break only between people: the spaces inside "Name (Country)" do not break.
            doc.line("  ·  ".join((f"{m.name} ({country_name(m.country)})" if m.country else m.name).replace(" ", "\u00a0")
                                  for m in entry_members(e)), 17, height=9)
    return doc.output()


def certificate_recipients(entries: list[AwardEntry]) -> list[tuple[str, AwardEntry]]:
    """(person's name, entry): one per recognition, one per member of an awarded team."""
    out = []
    for e in entries:
        if e.kind in INDIVIDUAL_KINDS:
            out.append((e.recipient, e))
        else:
            out.extend((m.name, e) for m in entry_members(e))
    return out


def certificates_pdf(data: AwardData) -> bytes:
    """One landscape A4 page per recipient: name, recognition, team, cohort and date."""
    doc = _Document("L")
    pdf = doc.pdf
    pdf.set_auto_page_break(False)
    date_text = _date_words(data.finalized_at)
    for name, e in certificate_recipients(data.entries):
        pdf.add_page()
        pdf.set_draw_color(20, 90, 160)
        pdf.set_line_width(1.5)
        pdf.rect(10, 10, 277, 190)
        pdf.set_y(45)
        doc.line("Certificate", 20, gray=90)
        doc.line("This certifies that", 14, gray=90)
        pdf.ln(6)
        doc.line(name, 34, bold=True, height=18)
        pdf.ln(4)
        doc.line("received the award" if e.kind in TEAM_KINDS else "is recognized as", 14, gray=90)
        doc.line(e.award, 26, bold=True, height=14)
        if e.kind in TEAM_KINDS:
            doc.line(f"with the team {e.team_name}", 16)
        pdf.ln(8)
        doc.line(f"Smart City Champions {data.cohort.name}", 16)
        doc.line(f"World Smart Sustainable Cities Organization (WeGO) · Seoul, {date_text}", 12, gray=90)
        pdf.line(113, 172, 184, 172)
        pdf.set_y(174)
        doc.line("Secretary General, WeGO", 11, gray=90)
    return doc.output()


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in name) or "cohort"


# --- the export ------------------------------------------------------------------------------

def export_awards(*, session: Session, cohort: Cohort, fmt: str, actor_id: Optional[int]) -> ExportFile:
    """The finalized list in one format (csv, xlsx, pdf, certificates). Audited (who exported
    what). Raises RuleViolation when the format is unknown or the list is not finalized."""
    if fmt not in FORMATS:
        raise RuleViolation([Reason("bad_format", "Choose CSV, XLSX, PDF or certificates.", "format")])
    data = load_award_data(session=session, cohort=cohort, full=fmt == "xlsx")
    if fmt == "csv":
        content = to_csv(*award_rows(data.entries)).encode("utf-8")
    elif fmt == "xlsx":
        content = awards_xlsx(data)
    elif fmt == "pdf":
        content = ceremony_pdf(data)
    else:
        content = certificates_pdf(data)
    media_type, extension = FORMATS[fmt]
    stem = "certificates" if fmt == "certificates" else "awards"
    record_audit(session=session, actor_id=actor_id, cohort_id=cohort.id, action="awards_exported",
                 entity="award_list", entity_id=cohort.id, after={"format": fmt, "bytes": len(content),
                                                                  "at": utcnow().isoformat()})
    session.flush()
    return ExportFile(f"{stem}-{_slug(cohort.name)}.{extension}", media_type, content)
