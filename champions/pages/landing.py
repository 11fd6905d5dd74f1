"""The public landing page: what the program is, its phases and dates."""

import reflex as rx

from champions.components.i18n import t, t_var
from champions.components.layout import contacts_block, template
from champions.state.landing import LandingState


def age_rule(c) -> rx.Var:
    """The edition's age rule (CohortFacts.age_rule) in the page's language."""
    return rx.cond(
        c.min_age == "",
        t("You must be under {max_age} on {day}.", max_age=c.max_age, day=c.reference),
        t(
            "You must be at least {min_age} and under {max_age} on {day}.",
            min_age=c.min_age,
            max_age=c.max_age,
            day=c.reference,
        ),
    )


def ceremony_where(c) -> rx.Var:
    """ "Hybrid (in person and online) · Seoul City Hall" (CohortFacts.ceremony_where), the mode
    in the page's language."""
    return rx.cond(
        c.ceremony_mode == "",
        c.ceremony_venue,
        rx.cond(
            c.ceremony_venue == "", t_var(c.ceremony_mode), t_var(c.ceremony_mode) + " · " + c.ceremony_venue
        ),
    )


def _phase(title, when, text, where="") -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(title, size="4", as_="h3"),
            # The dates arrive after the page is shown: their line is kept so nothing moves.
            rx.text(rx.el.bdi(when), weight="medium", color_scheme="teal", min_height="var(--line-height-3)"),
            rx.cond(where != "", rx.text(rx.el.bdi(where), size="2"))
            if isinstance(where, rx.Var)
            else rx.fragment(),
            rx.text(text),
            spacing="2",
        ),
        width="100%",
    )


@template
def landing() -> rx.Component:
    c = LandingState.cohort
    return rx.vstack(
        rx.heading("Smart City Champions", size="8", as_="h1"),
        rx.text(
            t(
                "Empowering Young Urban Leaders of Tomorrow to Build Safe and Inclusive Smart Cities. "
                "A free, hybrid 15-week program of WeGO for young people under {age} of any nationality, "
                "residence or affiliation.",
                age=c.max_age,
            ),
            size="4",
        ),
        rx.box(
            rx.cond(c.title, rx.heading(c.title, size="5", as_="h2")),
            min_height="var(--line-height-5)",  # room for the cohort's title before it arrives
        ),
        rx.cond(c.min_age != "", rx.text(rx.el.bdi(age_rule(c)), weight="medium", data_testid="age-rule")),
        rx.grid(
            _phase(
                t("Recruitment"), c.registration, t("Apply online. We check your eligibility right away.")
            ),
            _phase(
                t("Phase 1: Smart City Conceptual Foundation"),
                c.phase1,
                t("Six lectures by smart city experts, online and in Seoul."),
            ),
            _phase(
                t("Phase 2: Smart City Capacity Building"),
                c.phase2,
                t(
                    "Four workshops: your team incubates an idea and builds a solution to a smart city "
                    "challenge."
                ),
            ),
            _phase(
                t("Year-end Ceremony"),
                c.ceremony,
                t("The Smart City Champions are highlighted at the year-end ceremony in Seoul."),
                ceremony_where(c),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.cond(
            c.is_open,
            rx.hstack(
                rx.link(rx.button(t("Apply now"), size="3"), href="/register"),
                rx.link(rx.button(t("Log in"), size="3", variant="outline"), href="/login"),
                wrap="wrap",
            ),
            rx.text(t("Registration is closed at the moment."), " ", rx.link(t("Log in"), href="/login")),
        ),
        rx.heading(t("Questions?"), size="5", as_="h2"),
        rx.text(t("Write to the WeGO secretariat of the program.")),
        contacts_block(size="3"),
        spacing="5",
        width="100%",
    )
