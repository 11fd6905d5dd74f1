"""/accessibility: the accessibility statement (conformance status, how it is checked, known
limitations, whom to contact)."""

import os

import reflex as rx

from champions.components.i18n import t
from champions.components.layout import template
from champions.infra.translations import N_

# Where people write when something is not accessible to them (README: settings).
CONTACT = os.environ.get("CHAMPIONS_CONTACT_EMAIL", "accessibility@champions.example")

SECTIONS = [
    (
        N_("Conformance status"),
        N_(
            "Smart City Champions aims to conform to the Web Content Accessibility Guidelines (WCAG) 2.2 "
            "at level AA. It is partially conformant: every page passes the automated and keyboard checks"
            " below, but no person using a screen reader has audited it yet, so some parts may still not "
            "fully conform."
        ),
    ),
    (
        N_("How we check it"),
        N_(
            "Every change is tested before release: axe-core checks every page for every role (visitor, "
            "applicant, participant, team member, mentor, secretariat) against the WCAG 2.0, 2.1 and 2.2 "
            "A and AA rules at desktop and phone widths, with forms showing their errors and dialogs "
            "open; browser tests register, check in, submit, score and accept applications with the "
            "keyboard alone; every page is checked at 320 pixels wide and at 200 % zoom for sideways "
            "scrolling and for targets smaller than 24 by 24 pixels."
        ),
    ),
    (
        N_("What you can expect"),
        N_(
            "A skip link to the content on every page; one main heading per page; labels on every field, "
            "and error messages next to the field, read out by screen readers; focus that stays visible "
            "and moves into dialogs and back; text and controls with at least 4.5:1 and 3:1 contrast; "
            "charts with tables of the same figures; no animation when your device asks for reduced "
            "motion. You stay logged in for 72 hours without activity (30 days at most), so no time limit"
            " interrupts your work."
        ),
    ),
    (
        N_("Known limitations"),
        N_(
            "The interface is in English, Korean, Spanish, French and Arabic; some messages (emails, and "
            "some reasons the server gives) are still in English only. There is no dark mode. Files that "
            "teams upload (such as PDFs and slides) are not checked: their authors are responsible for "
            "them. The exported award lists and certificates (PDF, spreadsheets) are not tagged for "
            "screen readers yet; the secretariat sends the same information in an accessible format on "
            "request. Chart tooltips appear on mouse hover only; the table beside each chart gives the "
            "same figures."
        ),
    ),
]


@template
def accessibility() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Accessibility statement"), size="7", as_="h1"),
        *[
            rx.vstack(rx.heading(t(heading), size="4", as_="h2"), rx.text(t(body)))
            for heading, body in SECTIONS
        ],
        rx.heading(t("Contact us about a problem"), size="4", as_="h2"),
        rx.text(
            t(
                "If something on this site is not accessible to you, or you need information in another "
                "format, write to "
            ),
            rx.link(CONTACT, href=f"mailto:{CONTACT}"),
            ". ",
            t("We answer within five working days."),
        ),
        spacing="4",
        max_width="48rem",
    )
