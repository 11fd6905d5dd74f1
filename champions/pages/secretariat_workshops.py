"""The secretariat's workshops: brief (markdown, shown safely), opening, deadline with a live
countdown, judged or not, weight."""

import reflex as rx

from champions.components.forms import dropdown, form_banner, labeled, text_field
from champions.components.layout import template
from champions.components.secretariat import SELECT_STYLE, cohort_picker
from champions.infra.timezones import SEOUL_ZONE
from champions.state.workshops_admin import WorkshopsAdminState as S


def _form() -> rx.Component:
    f, e = S.form, S.form_errors
    return rx.form(
        rx.vstack(
            text_field("Title", "title", e.get("title", ""), default_value=f["title"], id="workshop_title"),
            labeled(
                "Brief (Markdown)",
                rx.text_area(name="brief", id="brief", rows="6", width="100%", default_value=f["brief"]),
                "brief",
                e.get("brief", ""),
            ),
            rx.flex(
                rx.box(
                    text_field(
                        "Opens on",
                        "opens_day",
                        e.get("opens_day", ""),
                        type_="date",
                        default_value=f["opens_day"],
                    ),
                    flex="1 1 9rem",
                ),
                rx.box(
                    text_field(
                        "Opening time",
                        "opens_time",
                        e.get("opens_time", ""),
                        type_="time",
                        default_value=f["opens_time"],
                    ),
                    flex="1 1 7rem",
                ),
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            rx.flex(
                rx.box(
                    text_field(
                        "Deadline on",
                        "deadline_day",
                        e.get("deadline_day", ""),
                        type_="date",
                        default_value=f["deadline_day"],
                    ),
                    flex="1 1 9rem",
                ),
                rx.box(
                    text_field(
                        "Deadline time",
                        "deadline_time",
                        e.get("deadline_time", ""),
                        type_="time",
                        default_value=f["deadline_time"],
                    ),
                    flex="1 1 7rem",
                ),
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            labeled(
                "Time zone of these times",
                dropdown(
                    rx.el.option("Seoul time (Asia/Seoul)", value=SEOUL_ZONE),
                    rx.cond(S.zone != SEOUL_ZONE, rx.el.option("My time (" + S.zone + ")", value=S.zone)),
                    name="zone",
                    id="workshop_zone",
                    default_value=f["zone"],
                    style=SELECT_STYLE,
                ),
                "workshop_zone",
                e.get("zone", ""),
            ),
            rx.el.label(
                rx.el.input(
                    type="checkbox", name="judged", value="yes", default_checked=f["judged"] == "yes"
                ),
                " Judged by the mentors",
                style={"display": "flex", "gap": "0.4rem"},
            ),
            text_field(
                "Weight in the final score",
                "weight",
                e.get("weight", ""),
                default_value=f["weight"],
                input_mode="decimal",
            ),
            form_banner(e.get("", "")),
            rx.flex(
                rx.button("Save workshop", type="submit"),
                rx.dialog.close(rx.button("Close", variant="soft", type="button")),
                spacing="2",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save,
    )


def _row(w) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(w["title"], size="4", as_="h2"),
            rx.text(rx.text.strong("Opens: "), w["opens"]),
            rx.text(
                rx.text.strong("Deadline: "),
                w["deadline"],
                rx.cond(w["deadline_local"] != "", rx.fragment(" (your time: ", w["deadline_local"], ")")),
                " — ",
                rx.moment(w["deadline_iso"], from_now=True, interval=30000),
            ),
            rx.text(w["judged"], size="2", color_scheme="gray"),
            rx.cond(w["brief"] != "", rx.box(rx.markdown(w["brief"]), font_size="0.95rem")),
            rx.button("Edit", variant="outline", size="2", on_click=S.edit(w["id"])),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


@template
def secretariat_workshops() -> rx.Component:
    return rx.vstack(
        rx.heading("Workshops", size="7", as_="h1"),
        rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), max_width="14rem"),
        form_banner(S.message, color="green"),
        rx.dialog.root(
            rx.dialog.content(rx.dialog.title("Edit workshop"), _form(), max_width="36rem"),
            open=S.editing != "",
            on_open_change=S.open_changed,
        ),
        rx.foreach(S.rows, _row),
        spacing="4",
        width="100%",
    )
