"""Public pages served as plain HTML by the app's HTTP routes, for people without an account
and for link previews: the verification of a certificate (/verify/<code>) and the winners of
an edition (/winners/<edition>). They are whole at the first byte (no script runs), so a
university's checker, a screen reader or a link preview reads them as they are; every value
is escaped."""

from html import escape

from champions.services.awards.credentials import ISSUER_NAME, PROGRAM_NAME, Verification

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


def page(title: str, body: str, *, description: str = "", url: str = "", robots: str = "") -> str:
    """A whole HTML document with the title (and, when given, Open Graph metadata so a shared
    link reads well)."""
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
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{''.join(meta)}<style>{STYLE}</style></head>"
        f'<body><header><a href="/">{escape(PROGRAM_NAME)}</a></header><main>{body}</main></body></html>'
    )


def _rows(rows: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows) + "</dl>"


UNKNOWN_CODE = (
    "No certificate has this code. Check the code printed under the QR code of the certificate "
    "(16 letters and digits)."
)


def verification_page(verification: Verification | None, refusal: str = "") -> str:
    """The verification of one certificate: its status first, then what it certifies. The
    same plain answer for every code that is not one (mistyped, made up or never issued)."""
    title = f"Verify a certificate · {PROGRAM_NAME}"
    if refusal:
        return page(
            title, f"<h1>Verify a certificate</h1><p role='alert'>{escape(refusal)}</p>", robots="noindex"
        )
    if verification is None:
        return page(title, f"<h1>Verify a certificate</h1><p>{escape(UNKNOWN_CODE)}</p>", robots="noindex")
    v = verification
    if v.valid:
        status = f"<p class='status valid'>Valid: this certificate was issued by {escape(ISSUER_NAME)}.</p>"
    else:
        status = (
            f"<p class='status revoked'>Revoked on {escape(v.revoked_on)}: {escape(v.revoked_reason)}</p>"
        )
    return page(
        title,
        "<h1>Verify a certificate</h1>"
        + status
        + _rows([row for row in v.lines() if row[0] not in ("Status", "Reason")])
        + "<p class='small'>This page shows what the certificate states and whether it is still valid; "
        "it shows nothing else about the person.</p>",
        robots="noindex",
    )


NO_WINNERS = "No winners are published for this edition. They appear here once its ceremony has begun."


def winners_html(winners) -> str:
    """The public winners page of an edition (a `sharing.WinnersPage`), or the one answer for
    an edition without one."""
    if winners is None:
        return page(
            f"Winners · {PROGRAM_NAME}", f"<h1>Winners</h1><p>{escape(NO_WINNERS)}</p>", robots="noindex"
        )
    sections = []
    for award in winners.awards:
        facts = [("Team", award.team)]
        if award.city:
            facts.append(("City", award.city))
        if award.countries:
            facts.append(("Countries", award.countries))
        if award.members:
            facts.append(("Members", ", ".join(award.members)))
        sections.append(f"<section><h2>{escape(award.award)}</h2>{_rows(facts)}</section>")
    body = (
        f"<h1>{escape(winners.title)}</h1>"
        f"<p>Recognized at the award ceremony on {escape(winners.ceremony)}, Seoul.</p>"
        + ("".join(sections) or "<p>This edition gave no team awards.</p>")
        + "<p class='small'>Members are named here only if they chose to be, in their account.</p>"
    )
    return page(winners.title, body, description=winners.description, url=winners.url)
