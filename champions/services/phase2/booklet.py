"""The exports of an edition's youth recommendations for WeGO's annual report: a PDF booklet
(Typst, `templates/recommendations.typ`, names and text in any script with embedded fonts)
and a CSV (formulas neutralized). Both in the language of whoever asks (the secretariat's; the
command line's `--language`, English by default): headings and the SDG 11 targets' words; the
teams' own texts as written (each right to left when written so)."""

import unicodedata
from pathlib import Path

from sqlmodel import Session

from champions.infra.fonts import families_for, font_folders
from champions.infra.reasons import Reason, RuleViolation
from champions.infra.spreadsheet import to_csv
from champions.infra.timezones import SEOUL_ZONE, format_instant
from champions.infra.translations import N_, direction, gettext, is_language, ngettext
from champions.infra.typeset import typeset
from champions.models import Cohort
from champions.models._time import utcnow
from champions.services.audit import record_audit
from champions.services.awards.documents import is_right_to_left
from champions.services.awards.exports import ExportFile
from champions.services.phase2.recommendations import BookletEntry, cohort_recommendations, target_label

TEMPLATE = Path(__file__).parent / "templates" / "recommendations.typ"
FORMATS = {"pdf": "application/pdf", "csv": "text/csv"}
CSV_FIELDS = [
    N_("team"),
    N_("city"),
    N_("members"),
    N_("title"),
    N_("SDG 11 targets"),
    N_("recommendations"),
    N_("version"),
    N_("saved (Seoul)"),
]


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


def booklet_pdf(cohort: Cohort, entries: list[BookletEntry], language: str = "en") -> bytes:
    """The booklet: a title page, then one section per team; its own texts in `language`.
    Blocks (a Typst child process)."""
    data = {
        "title": gettext(
            language, "Smart City Champions {edition}: youth recommendations", edition=cohort.name
        ),
        "heading": gettext(language, "{edition} · Youth recommendations", edition=_text(cohort.name)),
        "subtitle": ngettext(
            language,
            "To advance the youth development agenda · {count} team",
            "To advance the youth development agenda · {count} teams",
            len(entries),
        ),
        "targets_heading": gettext(language, "SDG 11 targets served"),
        "lang": language,
        "rtl": direction(language) == "rtl",
        "fonts": families_for(language),
        "entries": [
            {
                "team": _text(e.team),
                "city": _text(e.city),
                "members": [_text(m) for m in e.members],
                "title": _text(e.title),
                "targets": [target_label(code, language) for code in e.targets],
                "paragraphs": [_text(p) for p in e.body.replace("\r\n", "\n").split("\n\n") if p.strip()],
                "rtl": is_right_to_left(e.body),
            }
            for e in entries
        ],
    }
    return typeset(TEMPLATE, data, font_folders=font_folders(), tagged=True)


def booklet_csv(entries: list[BookletEntry], language: str = "en") -> str:
    return to_csv(
        [gettext(language, field) for field in CSV_FIELDS],
        [
            [
                e.team,
                e.city,
                "; ".join(e.members),
                e.title,
                "; ".join(target_label(code, language) for code in e.targets),
                e.body,
                e.version,
                format_instant(e.submitted_at, SEOUL_ZONE, language),
            ]
            for e in entries
        ],
    )


def export_recommendations(
    *, session: Session, cohort: Cohort, fmt: str, actor_id: int | None, language: str = "en"
) -> ExportFile:
    """Every team's counted recommendations of the cohort as `pdf` or `csv`, in `language`.
    Audited (who exported what). Raises RuleViolation for an unknown format or when no team
    wrote any; the PDF may raise FontsMissing or TypesetFailed. Flushes."""
    language = language if is_language(language) else "en"
    if fmt not in FORMATS:
        raise RuleViolation([Reason("bad_format", "Choose PDF or CSV.", "format")])
    entries = cohort_recommendations(session=session, cohort=cohort)
    if not entries:
        raise RuleViolation(
            [
                Reason(
                    "none",
                    "No team of {title} has written recommendations yet.",
                    values={"title": cohort.title},
                )
            ]
        )
    content = (
        booklet_pdf(cohort, entries, language)
        if fmt == "pdf"
        else booklet_csv(entries, language).encode("utf-8")
    )
    record_audit(
        session=session,
        actor_id=actor_id,
        cohort_id=cohort.id,
        action="recommendations_exported",
        entity="cohort",
        entity_id=cohort.id,
        after={"format": fmt, "bytes": len(content), "at": utcnow().isoformat()},
    )
    session.flush()
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in cohort.name)
    return ExportFile(f"recommendations-{safe}.{fmt}", FORMATS[fmt], content)
