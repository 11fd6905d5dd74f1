"""A participant's awards: their own recognitions and each published award list."""

import reflex as rx

from champions.components.ceremony import ceremony_card
from champions.components.i18n import t, t_var
from champions.components.layout import template
from champions.infra.translations import N_
from champions.state.awards_view import ParticipantAwardsState as S
from champions.state.ceremony import CeremonyState

# The kinds of certificate certificate_lines gives (champions/services/awards/credentials.py
# KIND_WORDS), marked here so they are in the catalogue until the services carry message ids.
CERTIFICATE_KINDS = (N_("Certificate of completion"), N_("Team award"), N_("Individual award"))


def _award(entry) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(rx.el.bdi(entry["award"]), size="4", as_="h3"),
            rx.text(rx.text.strong(rx.el.bdi(entry["team"]))),
            rx.text(rx.el.bdi(entry["members"]), size="2"),
            rx.text(rx.el.bdi(entry["countries"]), size="2", color_scheme="gray"),
            rx.cond(
                entry["challenge"] != "",
                rx.text(rx.el.bdi(entry["challenge"]), size="2", font_style="italic"),
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
    )


def _certificate(line) -> rx.Component:
    """One of the viewer's certificates: its verification link to copy, LinkedIn, Open Badge."""
    return rx.card(
        rx.vstack(
            rx.heading(rx.el.bdi(line["title"]), size="4", as_="h4"),
            rx.text(
                t("{kind} · code {code}", kind=t_var(line["kind"]), code=line["code"]),
                size="2",
                color_scheme="gray",
            ),
            rx.el.label(
                rx.text(t("Verification link (copy it to share)"), size="2", weight="medium"),
                rx.input(
                    value=line["url"],
                    read_only=True,
                    dir="ltr",  # an address reads left to right, from its start, in every language
                    width="100%",
                    on_focus=rx.call_script("document.activeElement.select()"),
                ),
                width="100%",
            ),
            rx.flex(
                rx.link(
                    t("Add to LinkedIn profile"),
                    href=line["linkedin"],
                    is_external=True,
                    rel="noopener noreferrer",
                ),
                rx.link(t("Open the verification page"), href=line["url"], is_external=True, rel="noopener"),
                rx.el.a(
                    t("Download Open Badge 3.0 credential (.jwt)"),
                    href=line["badge"],
                    download=True,
                    # A plain request (not the router's page change): the server answers with the file.
                    custom_attrs={"reloadDocument": True},
                    style={"color": "var(--accent-11)", "text_decoration": "underline"},
                ),
                spacing="4",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _cohort(item) -> rx.Component:
    return rx.vstack(
        rx.heading("Smart City Champions " + item["cohort"].to(str), size="6", as_="h2"),
        rx.heading(t("Your recognitions"), size="4", as_="h3"),
        rx.cond(
            item["mine"].to(list).length() > 0,
            rx.el.ul(
                rx.foreach(item["mine"].to(list[str]), lambda line: rx.el.li(rx.el.bdi(line))),
                data_testid="my-recognitions",
            ),
            rx.text(t("You have no award or recognition in this cohort.")),
        ),
        rx.cond(
            item["certificates"].to(list).length() > 0,
            rx.vstack(
                rx.heading(t("Your certificates"), size="4", as_="h3"),
                rx.text(
                    t("Anyone can check a certificate at its verification link or by scanning its QR code."),
                    size="2",
                ),
                rx.foreach(item["certificates"].to(list[dict[str, str]]), _certificate),
                spacing="2",
                width="100%",
                data_testid="my-certificates",
            ),
        ),
        rx.heading(t("Award list"), size="4", as_="h3"),
        rx.grid(
            rx.foreach(item["awards"].to(list[dict[str, str]]), _award),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


@template
def awards() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Awards"), size="7", as_="h1"),
        ceremony_card(CeremonyState.ceremony),
        rx.cond(
            S.lists.length() > 0,
            rx.foreach(S.lists, _cohort),
            rx.cond(
                S.loaded,
                rx.text(t("No award list has been published for your cohort yet.")),
                rx.text(t("Loading the awards…")),
            ),
        ),
        spacing="4",
        width="100%",
    )
