"""The award list as PDF documents: the ceremony list and one certificate page per recipient.
Typst lays them out (`templates/*.typ`, in a child process: see `typeset`): it shapes every
script with HarfBuzz's rules, orders right-to-left names by the bidirectional algorithm, falls
back across the Noto fonts of `fonts` and embeds only the glyphs used. The data goes in as JSON,
so no name can become markup."""

import unicodedata
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from champions.infra.fonts import FAMILIES, font_folders
from champions.infra.qr import side
from champions.infra.timezones import SEOUL_ZONE, local
from champions.infra.typeset import typeset
from champions.models import AwardEntry
from champions.services.awards.decisions import countries_text, entry_members
from champions.services.awards.proposal import INDIVIDUAL_KINDS, TEAM_KINDS
from champions.services.registration.countries import country_name

TEMPLATES = Path(__file__).parent / "templates"


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


def _date_words(instant: datetime) -> str:
    """ "1 December 2022", the day in Seoul."""
    day = local(instant, SEOUL_ZONE)
    return f"{day.day} {day:%B} {day.year}"


def _render(template: str, data: dict, *, tagged: bool, files: dict[str, bytes] | None = None) -> bytes:
    return typeset(
        TEMPLATES / template,
        {**data, "fonts": FAMILIES},
        font_folders=font_folders(),
        tagged=tagged,
        files=files,
    )


def _member_line(name: str, country: str) -> str:
    return f"{_text(name)} ({country_name(country)})" if country else _text(name)


def ceremony_pdf(cohort_name: str, ceremony_at: datetime, entries: list[AwardEntry]) -> bytes:
    """The award list in ceremony order: each team award on its own page in large type (team,
    members with countries, challenge and city), then each recognition with its recipients. Dated
    with the ceremony's day in Seoul."""
    by_award: dict[tuple[int, str], list[AwardEntry]] = defaultdict(list)
    for e in entries:
        by_award[(e.order, e.award)].append(e)
    awards = []
    for (_, award), group in sorted(by_award.items()):
        if group[0].kind in INDIVIDUAL_KINDS:
            awards.append(
                {
                    "individual": True,
                    "name": _text(award),
                    "recipients": [
                        f"{_text(e.recipient)} — {countries_text(entry_members(e))}" for e in group
                    ],
                }
            )
            continue
        teams = []
        for e in group:
            lines = []
            if e.rank is not None:
                lines.append([f"Rank {e.rank} · final score {e.final_score:.2f}", 14, 90])
            if e.challenge:
                lines.append([_text(e.challenge), 16, 40])
            if e.city:
                lines.append([_text(e.city), 14, 90])
            teams.append(
                {
                    "name": _text(e.team_name),
                    "lines": lines,
                    "members": [_member_line(m.name, m.country) for m in entry_members(e)],
                }
            )
        awards.append(
            {
                "individual": False,
                "name": _text(award) + (" (joint award)" if len(group) > 1 else ""),
                "teams": teams,
            }
        )
    return _render(
        "ceremony.typ",
        {
            "title": f"Smart City Champions {cohort_name}: award ceremony",
            "cohort": _text(cohort_name),
            "date": _date_words(ceremony_at),
            "awards": awards,
        },
        tagged=True,
    )


def certificate_recipients(entries: list[AwardEntry]) -> list[tuple[str, AwardEntry]]:
    """(person's name, entry): one per recognition, one per member of an awarded team."""
    out = []
    for e in entries:
        if e.kind in INDIVIDUAL_KINDS:
            out.append((e.recipient, e))
        else:
            out.extend((m.name, e) for m in entry_members(e))
    return out


def certificates_pdf(
    cohort_name: str, ceremony_at: datetime, entries, credentials: dict | None = None
) -> bytes:
    """One landscape A4 page per recipient: name, recognition, team, cohort and the ceremony's
    date (its day in Seoul). With `credentials` ({certificate key: credential row}, see
    `credentials.issue_credentials`), each page prints its verification code, the verification
    URL (a link) and its QR code. The QR codes go to Typst as one file of raw pixels, each
    page naming its slice and side."""
    from champions.services.awards.credentials import certificate_holders, grouped

    certificates, images, offset = [], [], 0
    for (key, name), (_, e) in zip(certificate_holders(entries), certificate_recipients(entries)):
        page = {
            "name": _text(name),
            "award": _text(e.award),
            "intro": "received the award" if e.kind in TEAM_KINDS else "is recognized as",
            "team": _text(e.team_name) if e.kind in TEAM_KINDS else None,
            "code": None,
        }
        credential = (credentials or {}).get(key)
        if credential is not None:
            pixels = credential.qr_pixels
            page.update(
                code=grouped(credential.code), url=credential.qr_url, qr=[offset, len(pixels), side(pixels)]
            )
            images.append(pixels)
            offset += len(pixels)
        certificates.append(page)
    return _render(
        "certificates.typ",
        {
            "title": f"Smart City Champions {cohort_name}: certificates",
            "cohort": _text(cohort_name),
            "date": _date_words(ceremony_at),
            "certificates": certificates,
        },
        tagged=False,
        files={"qr-codes.bin": b"".join(images)},
    )
