"""The secretariat's workshops: create, edit, reorder and remove them; each a session (time,
mode, venue, join link, check-in code, attendance roster) and a submission window (brief in
markdown shown safely, opening, deadline with a live countdown), judged or not, weight; and
the export of the teams' youth recommendations."""

import reflex as rx

from champions.components.forms import dropdown, form_actions, form_banner, labeled, text_field
from champions.components.i18n import t
from champions.components.layout import template
from champions.components.relative_time import relative_time
from champions.components.secretariat import SELECT_STYLE, cohort_picker
from champions.infra.timezones import SEOUL_ZONE
from champions.infra.translations import N_
from champions.state.workshops_admin import WorkshopsAdminState as S

# A session's modes: the value sent, and its label.
MODES = (("online", N_("online")), ("offline", N_("offline")), ("hybrid", N_("hybrid")))


def _hint(text) -> rx.Component:
    """A field's hint in the viewer's language (`labeled` tests a hint for truth, which a
    translated text, a var, cannot answer; a component can)."""
    return rx.fragment(text)


def _form() -> rx.Component:
    f, e = S.form, S.form_errors
    return rx.form(
        rx.vstack(
            text_field(
                t("Title"), "title", e.get("title", ""), default_value=f["title"], id="workshop_title"
            ),
            labeled(
                t("Brief (Markdown)"),
                rx.text_area(name="brief", id="brief", rows="6", width="100%", default_value=f["brief"]),
                "brief",
                e.get("brief", ""),
            ),
            rx.flex(
                rx.box(
                    text_field(
                        t("Opens on"),
                        "opens_day",
                        e.get("opens_day", ""),
                        type_="date",
                        default_value=f["opens_day"],
                    ),
                    flex="1 1 9rem",
                ),
                rx.box(
                    text_field(
                        t("Opening time"),
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
                        t("Deadline on"),
                        "deadline_day",
                        e.get("deadline_day", ""),
                        type_="date",
                        default_value=f["deadline_day"],
                    ),
                    flex="1 1 9rem",
                ),
                rx.box(
                    text_field(
                        t("Deadline time"),
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
            rx.heading(t("Session"), size="3", as_="h3"),
            rx.text(
                t("Leave the session's date and times empty while it is not scheduled."),
                size="2",
                color_scheme="gray",
            ),
            rx.flex(
                rx.box(
                    text_field(
                        t("Session date"),
                        "session_day",
                        e.get("session_day", ""),
                        type_="date",
                        default_value=f["session_day"],
                    ),
                    flex="1 1 9rem",
                ),
                rx.box(
                    text_field(
                        t("Session starts"),
                        "session_start",
                        e.get("session_start", ""),
                        type_="time",
                        default_value=f["session_start"],
                    ),
                    flex="1 1 7rem",
                ),
                rx.box(
                    text_field(
                        t("Session ends"),
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
                t("Mode"),
                dropdown(
                    *[rx.el.option(t(label), value=mode) for mode, label in MODES],
                    name="mode",
                    id="workshop_mode",
                    default_value=f["mode"],
                    style=SELECT_STYLE,
                ),
                "workshop_mode",
                e.get("mode", ""),
            ),
            text_field(
                t("Venue"),
                "venue",
                e.get("venue", ""),
                default_value=f["venue"],
                hint=_hint(t("Needed for offline and hybrid sessions.")),
                id="workshop_venue",
            ),
            text_field(
                t("Join link"),
                "join_url",
                e.get("join_url", ""),
                type_="url",
                default_value=f["join_url"],
                hint=_hint(
                    t("Needed for online and hybrid sessions; shown to participants from an hour before.")
                ),
                id="workshop_join_url",
            ),
            rx.heading(t("Submissions"), size="3", as_="h3"),
            labeled(
                t("Time zone of these times"),
                dropdown(
                    rx.el.option(t("Seoul time (Asia/Seoul)"), value=SEOUL_ZONE),
                    rx.cond(
                        S.zone != SEOUL_ZONE, rx.el.option(t("My time ({zone})", zone=S.zone), value=S.zone)
                    ),
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
                t("Judged by the mentors"),
                style={"display": "flex", "gap": "0.4rem"},
            ),
            text_field(
                t("Weight in the final score"),
                "weight",
                e.get("weight", ""),
                default_value=f["weight"],
                input_mode="decimal",
            ),
            form_banner(e.get("", "")),
            form_actions(t("Save workshop"), t("Close")),
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
                    rx.text(rx.text.strong(t("Session (Seoul time):")), " ", rx.el.bdi(w["session"])),
                    rx.cond(
                        w["session_local"] != "",
                        rx.text(rx.text.strong(t("Your time:")), " ", rx.el.bdi(w["session_local"])),
                    ),
                    rx.cond(
                        w["join_url"] != "",
                        rx.text(rx.text.strong(t("Join link:")), " ", rx.el.bdi(w["join_url"]), size="2"),
                    ),
                    rx.text(
                        rx.el.bdi(w["attendance"]), size="2", data_testid="workshop-attendance-" + w["id"]
                    ),
                    spacing="1",
                    width="100%",
                    # A long join link breaks anywhere rather than widening the card (WCAG 1.4.10).
                    overflow_wrap="anywhere",
                ),
                rx.text(t("Session: not scheduled yet."), color_scheme="gray"),
            ),
            rx.cond(
                code != "",
                rx.text(
                    t("Check-in code:"),
                    " ",
                    rx.code(code, size="6", data_testid="workshop-checkin-code"),
                    size="4",
                ),
            ),
            rx.text(rx.text.strong(t("Opens:")), " ", rx.el.bdi(w["opens"])),
            rx.text(
                rx.text.strong(t("Deadline:")),
                " ",
                rx.el.bdi(w["deadline"]),
                rx.cond(
                    w["deadline_local"] != "",
                    # The time isolated (FSI … PDI) so it reads in its own direction inside a
                    # right-to-left sentence.
                    rx.fragment(
                        " ", t("(your time: {time})", time="\u2068" + w["deadline_local"] + "\u2069")
                    ),
                ),
                " — ",
                relative_time(w["deadline_iso"]),
            ),
            rx.text(rx.el.bdi(w["judged"]), size="2", color_scheme="gray"),
            rx.cond(w["brief"] != "", rx.box(rx.markdown(w["brief"]), font_size="0.95rem", dir="auto")),
            rx.flex(
                rx.button(t("Edit"), variant="outline", size="2", on_click=S.edit(w["id"])),
                rx.button(
                    t("Move earlier"),
                    variant="soft",
                    size="2",
                    disabled=w["first"] != "",
                    on_click=S.move(w["id"], -1),
                ),
                rx.button(
                    t("Move later"),
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
                                t("Reveal check-in code"), size="2", on_click=S.reveal_code(w["id"], False)
                            ),
                            rx.button(
                                t("New code"), size="2", variant="soft", on_click=S.reveal_code(w["id"], True)
                            ),
                        ),
                        rx.link(
                            t("Roster"),
                            href="/secretariat/roster?workshop=" + w["id"],
                            size="2",
                            weight="medium",
                        ),
                    ),
                ),
                rx.button(
                    t("Remove"), size="2", color_scheme="red", variant="soft", on_click=S.ask_remove(w["id"])
                ),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.cond(
                w["removal_refusal"] != "",
                rx.text(rx.el.bdi(w["removal_refusal"]), size="1", color_scheme="gray"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _remove_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Remove this workshop?")),
            rx.dialog.description(
                t(
                    "Its rubric, mentor assignments, extensions and session attendance go with it; "
                    "a workshop with submissions or scores is kept."
                ),
                size="2",
            ),
            rx.flex(
                rx.button(t("Remove the workshop"), color_scheme="red", on_click=S.confirm_remove),
                rx.dialog.close(rx.button(t("Keep it"), variant="soft", type="button")),
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
        rx.heading(t("Workshops"), size="7", as_="h1"),
        rx.flex(
            rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), min_width="10rem"),
            rx.button(t("New workshop"), on_click=S.new_workshop),
            spacing="3",
            wrap="wrap",
            align="end",
        ),
        form_banner(S.error),
        form_banner(S.message, color="green"),
        rx.dialog.root(
            rx.dialog.content(
                rx.dialog.title(rx.cond(S.editing == "new", t("New workshop"), t("Edit workshop"))),
                rx.dialog.description(
                    t("Times are stored in UTC and shown to each participant in their zone."), size="2"
                ),
                _form(),
                max_width="36rem",
            ),
            open=S.editing != "",
            on_open_change=S.open_changed,
        ),
        _remove_dialog(),
        rx.cond(S.rows.length() == 0, rx.text(t("No workshops in this cohort yet."))),
        rx.foreach(S.rows, _row),
        rx.card(
            rx.vstack(
                rx.heading(t("Youth recommendations"), size="4", as_="h2"),
                rx.text(
                    t(
                        "Every team's recommendations: the last version saved before the final "
                        "workshop's deadline."
                    ),
                    size="2",
                ),
                rx.flex(
                    rx.button(t("Download the booklet (PDF)"), on_click=S.export_recommendations("pdf")),
                    rx.button(
                        t("Download as CSV"), variant="outline", on_click=S.export_recommendations("csv")
                    ),
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
