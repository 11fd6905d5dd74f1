"""The secretariat's workshops: create, edit, reorder and remove them; each a session (time,
mode, venue, join link, check-in code, attendance roster) and a submission window (brief in
markdown shown safely, opening, deadline with a live countdown), judged or not, weight; and
the export of the teams' youth recommendations."""

import reflex as rx

from champions.components.forms import dropdown, form_actions, form_banner, labeled, text_field
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
            rx.heading("Session", size="3", as_="h3"),
            rx.text(
                "Leave the session's date and times empty while it is not scheduled.",
                size="2",
                color_scheme="gray",
            ),
            rx.flex(
                rx.box(
                    text_field(
                        "Session date",
                        "session_day",
                        e.get("session_day", ""),
                        type_="date",
                        default_value=f["session_day"],
                    ),
                    flex="1 1 9rem",
                ),
                rx.box(
                    text_field(
                        "Session starts",
                        "session_start",
                        e.get("session_start", ""),
                        type_="time",
                        default_value=f["session_start"],
                    ),
                    flex="1 1 7rem",
                ),
                rx.box(
                    text_field(
                        "Session ends",
                        "session_end",
                        e.get("session_end", ""),
                        type_="time",
                        default_value=f["session_end"],
                    ),
                    flex="1 1 7rem",
                ),
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            labeled(
                "Mode",
                dropdown(
                    *[rx.el.option(m, value=m) for m in ("online", "offline", "hybrid")],
                    name="mode",
                    id="workshop_mode",
                    default_value=f["mode"],
                    style=SELECT_STYLE,
                ),
                "workshop_mode",
                e.get("mode", ""),
            ),
            text_field(
                "Venue",
                "venue",
                e.get("venue", ""),
                default_value=f["venue"],
                hint="Needed for offline and hybrid sessions.",
                id="workshop_venue",
            ),
            text_field(
                "Join link",
                "join_url",
                e.get("join_url", ""),
                type_="url",
                default_value=f["join_url"],
                hint="Needed for online and hybrid sessions; shown to participants from an hour before.",
                id="workshop_join_url",
            ),
            rx.heading("Submissions", size="3", as_="h3"),
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
            form_actions("Save workshop"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save,
    )


def _row(w) -> rx.Component:
    code = S.codes.get(w["id"], "")
    return rx.card(
        rx.vstack(
            rx.heading(w["title"], size="4", as_="h2"),
            rx.cond(
                w["session"] != "",
                rx.vstack(
                    rx.text(rx.text.strong("Session (Seoul time): "), w["session"]),
                    rx.cond(
                        w["session_local"] != "", rx.text(rx.text.strong("Your time: "), w["session_local"])
                    ),
                    rx.cond(
                        w["join_url"] != "", rx.text(rx.text.strong("Join link: "), w["join_url"], size="2")
                    ),
                    rx.text(w["attendance"], size="2", data_testid="workshop-attendance-" + w["id"]),
                    spacing="1",
                    width="100%",
                    # A long join link breaks anywhere rather than widening the card (WCAG 1.4.10).
                    overflow_wrap="anywhere",
                ),
                rx.text("Session: not scheduled yet.", color_scheme="gray"),
            ),
            rx.cond(
                code != "",
                rx.text(
                    "Check-in code: ", rx.code(code, size="6", data_testid="workshop-checkin-code"), size="4"
                ),
            ),
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
            rx.flex(
                rx.button("Edit", variant="outline", size="2", on_click=S.edit(w["id"])),
                rx.button(
                    "Move earlier",
                    variant="soft",
                    size="2",
                    disabled=w["first"] != "",
                    on_click=S.move(w["id"], -1),
                ),
                rx.button(
                    "Move later",
                    variant="soft",
                    size="2",
                    disabled=w["last"] != "",
                    on_click=S.move(w["id"], 1),
                ),
                rx.cond(
                    w["session"] != "",
                    rx.fragment(
                        rx.cond(
                            code == "",
                            rx.button(
                                "Reveal check-in code", size="2", on_click=S.reveal_code(w["id"], False)
                            ),
                            rx.button(
                                "New code", size="2", variant="soft", on_click=S.reveal_code(w["id"], True)
                            ),
                        ),
                        rx.link(
                            "Roster",
                            href="/secretariat/roster?workshop=" + w["id"],
                            size="2",
                            weight="medium",
                        ),
                    ),
                ),
                rx.button(
                    "Remove", size="2", color_scheme="red", variant="soft", on_click=S.ask_remove(w["id"])
                ),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                w["removal_refusal"] != "",
                rx.text(w["removal_refusal"], size="1", color_scheme="gray"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _remove_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Remove this workshop?"),
            rx.dialog.description(
                "Its rubric, mentor assignments, extensions and session attendance go with it; "
                "a workshop with submissions or scores is kept.",
                size="2",
            ),
            rx.flex(
                rx.button("Remove the workshop", color_scheme="red", on_click=S.confirm_remove),
                rx.dialog.close(rx.button("Keep it", variant="soft", type="button")),
                spacing="2",
                margin_top="1rem",
            ),
        ),
        open=S.removing != "",
        on_open_change=S.remove_dialog,
    )


@template
def secretariat_workshops() -> rx.Component:
    return rx.vstack(
        rx.heading("Workshops", size="7", as_="h1"),
        rx.flex(
            rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), min_width="10rem"),
            rx.button("New workshop", on_click=S.new_workshop),
            spacing="3",
            wrap="wrap",
            align="end",
        ),
        form_banner(S.error),
        form_banner(S.message, color="green"),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title(rx.cond(S.editing == "new", "New workshop", "Edit workshop")),
                rx.dialog.description(
                    "Times are stored in UTC and shown to each participant in their zone.", size="2"
                ),
                _form(),
                max_width="36rem",
            ),
            open=S.editing != "",
            on_open_change=S.open_changed,
        ),
        _remove_dialog(),
        rx.cond(S.rows.length() == 0, rx.text("No workshops in this cohort yet.")),
        rx.foreach(S.rows, _row),
        rx.card(
            rx.vstack(
                rx.heading("Youth recommendations", size="4", as_="h2"),
                rx.text(
                    "Every team's recommendations: the last version saved before the final "
                    "workshop's deadline.",
                    size="2",
                ),
                rx.flex(
                    rx.button("Download the booklet (PDF)", on_click=S.export_recommendations("pdf")),
                    rx.button("Download as CSV", variant="outline", on_click=S.export_recommendations("csv")),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
            ),
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
