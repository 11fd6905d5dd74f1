"""The award list as PDF documents: the ceremony list and one certificate page per recipient.
Typst lays them out (`templates/*.typ`, in a child process: see `typeset`): it shapes every
script with HarfBuzz's rules, orders right-to-left names by the bidirectional algorithm, falls
back across the Noto fonts of `fonts` and embeds only the glyphs used. The data goes in as JSON,
so no name can become markup.

The ceremony list is in the language of whoever asks for it (the secretariat); each certificate
in its recipient's (`User.language`): its texts from the catalogue, its date in the language's
words, right to left for Arabic, the Korean face of Noto Sans CJK for Korean. The award
categories' names stay as the secretariat wrote them."""

import unicodedata
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from champions.infra.fonts import families_for, font_folders
from champions.infra.qr import side
from champions.infra.timezones import SEOUL_ZONE, format_date, local
from champions.infra.translations import direction, gettext, is_language, ngettext
from champions.infra.typeset import typeset
from champions.models import AwardEntry
from champions.services.awards.decisions import countries_text, entry_members
from champions.services.awards.proposal import INDIVIDUAL_KINDS, TEAM_KINDS
from champions.services.registration.countries import country_name

TEMPLATES = Path(__file__).parent / "templates"


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


def is_right_to_left(text: str) -> bool:
    """Whether the first strongly directional character is right-to-left (Arabic, Hebrew…)."""
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def language_or_english(language: str | None) -> str:
    """The language if Champions offers it, else English (an account that never chose has "")."""
    return language if is_language(language) else "en"


def _date_words(instant: datetime, language: str = "en") -> str:
    """ "1 December 2022", the day in Seoul; in another language its long date (CLDR's, by
    Babel: "2022년 12월 1일")."""
    return format_date(local(instant, SEOUL_ZONE).date(), language)


def _render(
    template: str, data: dict, *, tagged: bool, language: str, files: dict[str, bytes] | None = None
) -> bytes:
    return typeset(
        TEMPLATES / template,
        {**data, "lang": language, "rtl": direction(language) == "rtl", "fonts": families_for(language)},
        font_folders=font_folders(),
        tagged=tagged,
        files=files,
    )


def _member_line(name: str, country: str, language: str = "en") -> str:
    return f"{_text(name)} ({country_name(country, language)})" if country else _text(name)


def ceremony_pdf(
    cohort_name: str, ceremony_at: datetime, entries: list[AwardEntry], language: str = "en"
) -> bytes:
    """The award list in ceremony order: each team award on its own page in large type (team,
    members with countries, challenge and city), then each recognition with its recipients. Dated
    with the ceremony's day in Seoul. Its texts in `language` (the award names as written)."""
    language = language_or_english(language)
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
                    "count": ngettext(language, "{count} recipient", "{count} recipients", len(group)),
                    "recipients": [
                        f"{_text(e.recipient)} — {countries_text(entry_members(e), language)}" for e in group
                    ],
                }
            )
            continue
        teams = []
        for e in group:
            lines = []
            if e.rank is not None:
                score = f"{e.final_score:.2f}"
                rank = gettext(language, "Rank {rank} · final score {score}", rank=e.rank, score=score)
                lines.append([rank, 14, 90, direction(language) == "rtl"])
            # The teams' own texts keep the direction they are written in.
            if e.challenge:
                lines.append([_text(e.challenge), 16, 40, is_right_to_left(e.challenge)])
            if e.city:
                lines.append([_text(e.city), 14, 90, is_right_to_left(e.city)])
            teams.append(
                {
                    "name": _text(e.team_name),
                    "lines": lines,
                    "members": [_member_line(m.name, m.country, language) for m in entry_members(e)],
                }
            )
        awards.append(
            {
                "individual": False,
                "name": (
                    gettext(language, "{award} (joint award)", award=_text(award))
                    if len(group) > 1
                    else _text(award)
                ),
                "teams": teams,
            }
        )
    return _render(
        "ceremony.typ",
        {
            "title": gettext(language, "Smart City Champions {edition}: award ceremony", edition=cohort_name),
            "heading": gettext(language, "{edition} · Award ceremony", edition=_text(cohort_name)),
            "place": gettext(language, "Seoul, {date}", date=_date_words(ceremony_at, language)),
            "awards": awards,
        },
        tagged=True,
        language=language,
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


def _certificate_texts(language: str, cohort_name: str, ceremony_at: datetime) -> dict:
    """What every certificate page in `language` prints besides its recipient's own lines."""
    return {
        "rtl": direction(language) == "rtl",
        "fonts": families_for(language),
        "heading": gettext(language, "Certificate"),
        "certifies": gettext(language, "This certifies that"),
        "edition": gettext(language, "Smart City Champions {edition}", edition=_text(cohort_name)),
        "issuer": gettext(
            language,
            "World Smart Sustainable Cities Organization (WeGO) · Seoul, {date}",
            date=_date_words(ceremony_at, language),
        ),
        "signatory": gettext(language, "Secretary General, WeGO"),
    }


def certificates_pdf(
    cohort_name: str,
    ceremony_at: datetime,
    entries,
    credentials: dict | None = None,
    languages: dict[int, str] | None = None,
) -> bytes:
    """One landscape A4 page per recipient: name, recognition, team, cohort and the ceremony's
    date (its day in Seoul). With `credentials` ({certificate key: credential row}, see
    `credentials.issue_credentials`), each page prints its verification code, the verification
    URL (a link) and its QR code. The QR codes go to Typst as one file of raw pixels, each
    page naming its slice and side. `languages` ({user id: language}) gives each page its
    recipient's language (English for anyone not in it)."""
    from champions.services.awards.credentials import certificate_holders, grouped

    certificates, images, offset = [], [], 0
    texts: dict[str, dict] = {}
    for (key, name), (_, e) in zip(certificate_holders(entries), certificate_recipients(entries)):
        language = language_or_english((languages or {}).get(key[5]))
        if language not in texts:
            texts[language] = _certificate_texts(language, cohort_name, ceremony_at)
        team = _text(e.team_name) if e.kind in TEAM_KINDS else None
        page = {
            "lang": language,
            "name": _text(name),
            "award": _text(e.award),
            # A name or award written in another direction than the page's keeps its own.
            "name_rtl": is_right_to_left(name),
            "award_rtl": is_right_to_left(e.award),
            "intro": (
                gettext(language, "received the award")
                if e.kind in TEAM_KINDS
                else gettext(language, "is recognized as")
            ),
            "team": gettext(language, "with the team {team}", team=team) if team is not None else None,
            "code": None,
        }
        credential = (credentials or {}).get(key)
        if credential is not None:
            pixels = credential.qr_pixels
            # The sentence is one text for translators; the address in it becomes a link.
            before, _, after = gettext(
                language, "Verify this certificate at {address} · code {code}", code=grouped(credential.code)
            ).partition("{address}")
            page.update(
                code=grouped(credential.code),
                verify=[before, after],
                url=credential.qr_url,
                qr=[offset, len(pixels), side(pixels)],
            )
            images.append(pixels)
            offset += len(pixels)
        certificates.append(page)
    # The document's own language (its title, its metadata): the one most of its pages are in.
    counts: dict[str, int] = defaultdict(int)
    for page in certificates:
        counts[page["lang"]] += 1
    main = max(counts, key=lambda language: (counts[language], language == "en")) if counts else "en"
    return _render(
        "certificates.typ",
        {
            "title": gettext(main, "Smart City Champions {edition}: certificates", edition=cohort_name),
            "languages": texts,
            "certificates": certificates,
        },
        tagged=False,
        language=main,
        files={"qr-codes.bin": b"".join(images)},
    )
