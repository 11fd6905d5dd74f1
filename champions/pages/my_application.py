"""The applicant's own application."""

import reflex as rx

from champions.components.ceremony import ceremony_card
from champions.components.forms import form_banner
from champions.components.i18n import t, t_var
from champions.components.layout import template
from champions.infra.translations import N_
from champions.state.ceremony import CeremonyState
from champions.state.my_application import MyApplicationState as S

STATUS_COLORS = {
    "accepted": "green",
    "waitlisted": "amber",
    "rejected": "red",
    "withdrawn": "gray",
    "submitted": "blue",
}
# The fixed texts own_application gives (champions/services/registration/views.py: STATUS_TEXT
# and the milestones), marked here so they are in the catalogue until the services carry
# message ids; a text not among them shows as it is.
SERVICE_TEXTS = (
    N_("Submitted: the secretariat will review it."),
    N_("Accepted: welcome to the program!"),
    N_("Waitlisted: you will hear from us if a place opens."),
    N_("Not accepted this time."),
    N_("Withdrawn at your request."),
    N_("Registration closes"),
    N_("Phase 1 (six lectures) starts"),
    N_("Phase 1 ends"),
    N_("Phase 2 (workshops and teams) starts"),
    N_("Phase 2 ends"),
    N_("Year-end ceremony in Seoul"),
)


def _detail(label, value) -> rx.Component:
    # A value (a date, a place, a text built on the server) keeps its own direction in Arabic.
    return rx.data_list.item(rx.data_list.label(label), rx.data_list.value(rx.el.bdi(value)))


@template
def my_application() -> rx.Component:
    a = S.application
    return rx.vstack(
        rx.heading(t("My application"), size="7", as_="h1"),
        ceremony_card(CeremonyState.ceremony),
        rx.cond(
            a.id != 0,
            rx.vstack(
                rx.text(a.cohort, size="4", weight="medium"),
                rx.hstack(
                    rx.text(t("Status:"), weight="bold"),
                    rx.badge(
                        rx.match(
                            a.status,
                            ("accepted", t("accepted")),
                            ("waitlisted", t("waitlisted")),
                            ("rejected", t("rejected")),
                            ("withdrawn", t("withdrawn")),
                            ("submitted", t("submitted")),
                            a.status,
                        ),
                        size="3",
                        color_scheme=rx.match(a.status, *STATUS_COLORS.items(), "gray"),
                        data_testid="application-status",
                    ),
                    align="center",
                ),
                rx.text(t_var(a.status_text)),
                rx.cond(
                    a.status == "accepted",
                    rx.link(
                        t("See your lectures, check in and follow your Phase 1 progress"),
                        href="/schedule",
                        weight="bold",
                    ),
                ),
                rx.data_list.root(
                    _detail(t("Submitted"), a.submitted),
                    _detail(t("Country"), a.country),
                    _detail(t("City"), a.city),
                    _detail(t("University or organization"), a.affiliation),
                    _detail(
                        t("Eligibility"),
                        t(
                            "You will be {age} on {day}, the program's reference date.",
                            age=a.age,
                            day=a.reference,
                        ),
                    ),
                ),
                rx.heading(t("Next dates"), size="4", as_="h2"),
                rx.cond(
                    a.upcoming.length() > 0,
                    rx.el.ul(
                        rx.foreach(
                            a.upcoming,
                            lambda m: rx.el.li(
                                rx.text(rx.text.strong(rx.el.bdi(m.when)), " — ", t_var(m.what))
                            ),
                        )
                    ),
                    rx.text(t("The program's dates have passed.")),
                ),
                form_banner(S.message, color="blue"),
                rx.cond(
                    ((a.status == "submitted") | (a.status == "waitlisted") | (a.status == "accepted"))
                    & (a.upcoming.length() > 0),
                    rx.alert_dialog.root(
                        rx.alert_dialog.trigger(
                            rx.button(t("Withdraw my application"), color_scheme="red", variant="soft")
                        ),
                        rx.alert_dialog.content(
                            rx.alert_dialog.title(t("Withdraw your application?")),
                            rx.alert_dialog.description(t("You cannot undo this.")),
                            rx.hstack(
                                rx.alert_dialog.cancel(rx.button(t("Keep it"), variant="soft")),
                                rx.alert_dialog.action(
                                    rx.button(t("Withdraw"), color_scheme="red", on_click=S.withdraw)
                                ),
                                justify="end",
                            ),
                        ),
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                S.loaded,
                rx.text(t("You have no application yet."), " ", rx.link(t("Apply"), href="/register")),
                rx.text(t("Loading your application…")),
            ),
        ),
        spacing="4",
        width="100%",
    )
