"""Public pages served as plain HTML by the app's HTTP routes, for people without an account
and for link previews: the verification of a certificate (/verify/<code>) and the winners of
an edition (/winners/<edition>). They are whole at the first byte (no script runs), so a
university's checker, a screen reader or a link preview reads them as they are; every value
is escaped. Each is in the viewer's language (its `<html lang dir>` too; the route picks it
from the language cookie, else Accept-Language): the pages' own words and the dates; names,
awards and reasons as written."""

from datetime import datetime
from html import escape

from champions.infra.timezones import SEOUL_ZONE, format_date, local
from champions.infra.translations import N_, direction, gettext
from champions.services.awards.credentials import ISSUER_NAME, PROGRAM_NAME, Verification
from champions.services.registration.countries import country_label

STYLE = """
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","Noto Sans",sans-serif;color:#1a1d1c;
background:#fbfdfc;line-height:1.5}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1rem 3rem}
header{border-bottom:1px solid #d7dad9;padding:0.75rem 1rem}
header a{color:#0d5c55;font-weight:600;text-decoration:none}
h1{font-size:1.6rem;margin:1rem 0}
h2{font-size:1.25rem;margin:1.5rem 0 0.5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:0.4rem 1rem;margin:0}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.status{padding:0.75rem 1rem;border-radius:6px;margin:1rem 0;font-weight:600}
.valid{background:#e3f5ea;color:#13512b;border:1px solid #7cc49a}
.revoked{background:#fdecec;color:#7a1616;border:1px solid #e59a9a}
ul{padding-left:1.2rem}
li{margin:0.25rem 0}
p.small{color:#4b524f;font-size:0.9rem}
@media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:0.5rem}}
"""


def page(
    title: str, body: str, *, description: str = "", url: str = "", robots: str = "", language: str = "en"
) -> str:
    """A whole HTML document in `language` with the title (and, when given, Open Graph metadata
    so a shared link reads well)."""
    meta = [f'<meta name="description" content="{escape(description)}">'] if description else []
    if url:
        meta += [
            '<meta property="og:type" content="website">',
            f'<meta property="og:site_name" content="{escape(PROGRAM_NAME)}">',
            f'<meta property="og:title" content="{escape(title)}">',
            f'<meta property="og:description" content="{escape(description)}">',
            f'<meta property="og:url" content="{escape(url)}">',
            '<meta name="twitter:card" content="summary">',
        ]
    if robots:
        meta.append(f'<meta name="robots" content="{escape(robots)}">')
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}" dir="{direction(language)}">'
        '<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{''.join(meta)}<style>{STYLE}</style></head>"
        f'<body><header><a href="/">{escape(PROGRAM_NAME)}</a></header><main>{body}</main></body></html>'
    )


def _rows(rows: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows) + "</dl>"


def _day(instant: datetime | None, words: str, language: str) -> str:
    """A day in Seoul in the language (`words`, the English already written, in English)."""
    if language == "en" or instant is None:
        return words
    return format_date(local(instant, SEOUL_ZONE).date(), language)


UNKNOWN_CODE = N_(
    "No certificate has this code. Check the code printed under the QR code of the certificate "
    "(16 letters and digits)."
)
# The verification's labels (Verification.lines, in English), marked for the catalogue.
LABELS = [
    N_("Holder"),
    N_("Award"),
    N_("Type"),
    N_("Team"),
    N_("Edition"),
    N_("Date"),
    N_("Issuer"),
    N_("Code"),
]


def verification_page(verification: Verification | None, refusal: str = "", language: str = "en") -> str:
    """The verification of one certificate: its status first, then what it certifies. The
    same plain answer for every code that is not one (mistyped, made up or never issued).
    `refusal` is already in `language`."""
    heading = gettext(language, "Verify a certificate")
    title = f"{heading} · {PROGRAM_NAME}"
    if refusal:
        return page(
            title,
            f"<h1>{escape(heading)}</h1><p role='alert'>{escape(refusal)}</p>",
            robots="noindex",
            language=language,
        )
    if verification is None:
        return page(
            title,
            f"<h1>{escape(heading)}</h1><p>{escape(gettext(language, UNKNOWN_CODE))}</p>",
            robots="noindex",
            language=language,
        )
    v = verification
    if v.valid:
        text = gettext(language, "Valid: this certificate was issued by {issuer}.", issuer=ISSUER_NAME)
        status = f"<p class='status valid'>{escape(text)}</p>"
    else:
        text = gettext(
            language,
            "Revoked on {date}: {reason}",
            date=_day(v.revoked_at, v.revoked_on, language),
            reason=v.revoked_reason,
        )
        status = f"<p class='status revoked'>{escape(text)}</p>"
    shown = {
        "Type": gettext(language, v.kind),
        "Date": _day(v.ceremony_at, v.date, language),
    }
    rows = [
        (gettext(language, label), shown.get(label, value))
        for label, value in v.lines()
        if label not in ("Status", "Reason")
    ]
    return page(
        title,
        f"<h1>{escape(heading)}</h1>"
        + status
        + _rows(rows)
        + f"<p class='small'>{escape(gettext(language, NOTHING_ELSE))}</p>",
        robots="noindex",
        language=language,
    )


NOTHING_ELSE = N_(
    "This page shows what the certificate states and whether it is still valid; "
    "it shows nothing else about the person."
)
NO_WINNERS = N_("No winners are published for this edition. They appear here once its ceremony has begun.")


def _countries(award, language: str) -> str:
    if language == "en" or len(award.country_codes) != len(award.countries.split(", ")):
        return award.countries
    return ", ".join(country_label(code, language) for code in award.country_codes)


def winners_html(winners, language: str = "en") -> str:
    """The public winners page of an edition (a `sharing.WinnersPage`), or the one answer for
    an edition without one, in `language`."""
    if winners is None:
        heading = gettext(language, "Winners")
        return page(
            f"{heading} · {PROGRAM_NAME}",
            f"<h1>{escape(heading)}</h1><p>{escape(gettext(language, NO_WINNERS))}</p>",
            robots="noindex",
            language=language,
        )
    sections = []
    for award in winners.awards:
        facts = [(gettext(language, "Team"), award.team)]
        if award.city:
            facts.append((gettext(language, "City"), award.city))
        if award.countries:
            facts.append((gettext(language, "Countries"), _countries(award, language)))
        if award.members:
            facts.append((gettext(language, "Members"), ", ".join(award.members)))
        sections.append(f"<section><h2>{escape(award.award)}</h2>{_rows(facts)}</section>")
    ceremony = _day(winners.ceremony_at, winners.ceremony, language)
    title = gettext(language, "Winners of {program} {edition}", program=PROGRAM_NAME, edition=winners.edition)
    recognized = gettext(language, "Recognized at the award ceremony on {date}, Seoul.", date=ceremony)
    no_awards = gettext(language, "This edition gave no team awards.")
    named = gettext(language, "Members are named here only if they chose to be, in their account.")
    body = (
        f"<h1>{escape(title)}</h1>"
        f"<p>{escape(recognized)}</p>"
        + ("".join(sections) or f"<p>{escape(no_awards)}</p>")
        + f"<p class='small'>{escape(named)}</p>"
    )
    return page(
        title, body, description=_description(winners, ceremony, language), url=winners.url, language=language
    )


def _description(winners, ceremony: str, language: str) -> str:
    """The link preview's text (as `WinnersPage.description` in English)."""
    champions = next(iter(winners.awards), None)
    lead = (
        gettext(
            language,
            "{award}: {team} ({city}).",
            award=champions.award,
            team=champions.team,
            city=champions.city,
        )
        + " "
        if champions
        else ""
    )
    return lead + gettext(
        language,
        "The teams WeGO's {program} {edition} recognized at its ceremony on {date}.",
        program=PROGRAM_NAME,
        edition=winners.edition,
        date=ceremony,
    )
