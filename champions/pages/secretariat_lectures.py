"""The secretariat's lecture schedule: create, edit, cancel, reveal check-in codes,
attendance counts per lecture, and the cohort calendar."""

import reflex as rx

from champions.components.forms import dropdown, form_actions, form_banner, labeled, reason_dialog, text_field
from champions.components.i18n import t, t_var
from champions.components.layout import template
from champions.components.secretariat import cohort_picker
from champions.infra.timezones import SEOUL_ZONE
from champions.infra.translations import N_
from champions.state.lectures_admin import LecturesAdminState as S

# A lecture's modes: the value sent (and shown in each lecture's line), and its label.
MODES = (("online", N_("online")), ("offline", N_("offline")), ("hybrid", N_("hybrid")))

_SELECT_STYLE = {
    "padding": "0.5rem",
    "border_radius": "6px",
    "border": "1px solid var(--gray-7)",
    "width": "100%",
}


def _hint(text) -> rx.Component:
    """A field's hint in the viewer's language (`labeled` tests a hint for truth, which a
    translated text, a var, cannot answer; a component can)."""
    return rx.fragment(text)


def _lecture_form() -> rx.Component:
    f, e = S.form, S.form_errors
    return rx.form(
        rx.vstack(
            text_field(t("Title"), "title", e.get("title", ""), default_value=f["title"], id="lecture_title"),
            text_field(t("Speaker"), "speaker", e.get("speaker", ""), default_value=f["speaker"]),
            labeled(
                t("Description"),
                rx.text_area(
                    name="description",
                    id="description",
                    default_value=f["description"],
                    rows="3",
                    width="100%",
                ),
                "description",
                e.get("description", ""),
            ),
            rx.flex(
                rx.box(
                    text_field(t("Date"), "day", e.get("day", ""), type_="date", default_value=f["day"]),
                    flex="1 1 10rem",
                ),
                rx.box(
                    text_field(
                        t("Starts"),
                        "start_time",
                        e.get("start_time", ""),
                        type_="time",
                        default_value=f["start_time"],
                    ),
                    flex="1 1 7rem",
                ),
                rx.box(
                    text_field(
                        t("Ends"),
                        "end_time",
                        e.get("end_time", ""),
                        type_="time",
                        default_value=f["end_time"],
                    ),
                    flex="1 1 7rem",
                ),
                spacing="3",
                wrap="wrap",
                width="100%",
            ),
            labeled(
                t("Time zone of these times"),
                dropdown(
                    rx.el.option(t("Seoul time (Asia/Seoul)"), value=SEOUL_ZONE),
                    rx.cond(
                        S.zone != SEOUL_ZONE, rx.el.option(t("My time ({zone})", zone=S.zone), value=S.zone)
                    ),
                    name="zone",
                    id="zone",
                    default_value=f["zone"],
                    style=_SELECT_STYLE,
                ),
                "zone",
                e.get("zone", ""),
            ),
            labeled(
                t("Mode"),
                dropdown(
                    *[rx.el.option(t(label), value=mode) for mode, label in MODES],
                    name="mode",
                    id="mode",
                    default_value=f["mode"],
                    style=_SELECT_STYLE,
                ),
                "mode",
                e.get("mode", ""),
            ),
            text_field(
                t("Join link"),
                "join_url",
                e.get("join_url", ""),
                type_="url",
                default_value=f["join_url"],
                hint=_hint(
                    t("Needed for online and hybrid lectures; shown to participants from an hour before.")
                ),
            ),
            text_field(
                t("Venue"),
                "venue",
                e.get("venue", ""),
                default_value=f["venue"],
                hint=_hint(t("Needed for offline and hybrid lectures.")),
            ),
            text_field(
                t("Recording link"),
                "recording_url",
                e.get("recording_url", ""),
                type_="url",
                default_value=f["recording_url"],
                hint=_hint(t("Add it after the lecture; shown once it has ended.")),
            ),
            form_banner(e.get("", "")),
            form_actions(t("Save lecture"), t("Close")),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save,
    )


def _form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing == "new", t("New lecture"), t("Edit lecture"))),
            rx.dialog.description(
                t("Times are stored in UTC and shown to each participant in their zone."), size="2"
            ),
            _lecture_form(),
            max_width="36rem",
        ),
        open=S.editing != "",
        on_open_change=S.form_open_changed,
    )


def _cancel_dialog() -> rx.Component:
    return reason_dialog(
        title=t("Cancel this lecture?"),
        description=t("It will no longer count towards Phase 1 and calendars will show it cancelled."),
        reason_id="cancel_reason",
        error=S.cancel_error,
        confirm_label=t("Cancel the lecture"),
        on_submit=S.confirm_cancel,
        open=S.cancelling != "",
        on_open_change=S.cancel_open_changed,
    )


def _lecture(row) -> rx.Component:
    code = S.codes.get(row["id"], "")
    return rx.card(
        rx.vstack(
            rx.heading(
                rx.cond(
                    row["number"] != "",
                    t("Lecture {number}: {title}", number=row["number"], title=row["title"]),
                    row["title"],
                ),
                size="4",
                as_="h2",
            ),
            rx.cond(
                row["cancelled"] != "",
                rx.text(rx.el.bdi(row["cancelled"]), color_scheme="red", weight="bold"),
            ),
            rx.text(
                rx.el.bdi(row["speaker"]),
                " · ",
                t_var(row["mode"]),
                " · ",
                rx.el.bdi(row["where"]),
                color_scheme="gray",
                size="2",
            ),
            rx.text(rx.text.strong(t("Seoul time:")), " ", rx.el.bdi(row["when_seoul"])),
            rx.cond(
                row["when_local"] != "",
                rx.text(rx.text.strong(t("Your time:")), " ", rx.el.bdi(row["when_local"])),
            ),
            rx.text(rx.el.bdi(row["counts"]), size="2", data_testid="counts-" + row["id"]),
            rx.cond(
                row["recording"] != "",
                rx.link(t("Recording"), href=row["recording"], is_external=True, size="2"),
            ),
            rx.cond(
                code != "",
                rx.text(
                    t("Check-in code:"), " ", rx.code(code, size="6", data_testid="checkin-code"), size="4"
                ),
            ),
            rx.cond(
                row["cancelled"] == "",
                rx.flex(
                    rx.button(t("Edit"), variant="outline", size="2", on_click=S.edit_lecture(row["id"])),
                    rx.cond(
                        code == "",
                        rx.button(
                            t("Reveal check-in code"), size="2", on_click=S.reveal_code(row["id"], False)
                        ),
                        rx.button(
                            t("New code"), size="2", variant="soft", on_click=S.reveal_code(row["id"], True)
                        ),
                    ),
                    rx.link(
                        t("Roster"),
                        href="/secretariat/roster?lecture=" + row["id"],
                        size="2",
                        weight="medium",
                    ),
                    rx.button(
                        t("Cancel lecture"),
                        size="2",
                        color_scheme="red",
                        variant="soft",
                        on_click=S.start_cancel(row["id"]),
                    ),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


@template
def secretariat_lectures() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Lectures"), size="7", as_="h1"),
        rx.flex(
            rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), min_width="10rem"),
            rx.button(t("New lecture"), on_click=S.new_lecture),
            rx.button(t("Download the calendar (.ics)"), on_click=S.download_calendar, variant="outline"),
            spacing="3",
            wrap="wrap",
            align="end",
        ),
        form_banner(S.message, color="blue"),
        _form_dialog(),
        _cancel_dialog(),
        rx.cond(S.rows.length() == 0, rx.text(t("No lectures in this cohort yet."))),
        rx.foreach(S.rows, _lecture),
        spacing="4",
        width="100%",
    )
