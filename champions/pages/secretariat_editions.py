"""The secretariat's editions: every edition with its status and dates; create, edit (with a
confirmation when the age rule changes once applications exist), open registration, clone with
the dates shifted by whole weeks, archive."""

import reflex as rx

from champions.components.forms import dropdown, form_actions, form_banner, labeled, reason_dialog, text_field
from champions.components.layout import template
from champions.components.secretariat import SELECT_STYLE
from champions.infra.timezones import SEOUL_ZONE
from champions.state.editions_admin import EditionsAdminState as S


def _field(label: str, name: str, type_: str = "text", hint: str = "") -> rx.Component:
    return rx.box(
        text_field(
            label,
            name,
            S.form_errors.get(name, ""),
            type_=type_,
            default_value=S.form[name],
            hint=hint,
            id="edition_" + name,
        ),
        flex="1 1 12rem",
    )


def _row(*children) -> rx.Component:
    return rx.flex(*children, spacing="3", wrap="wrap", width="100%")


def _section(title: str) -> rx.Component:
    return rx.heading(title, size="3", as_="h3", margin_top="0.5rem")


def _edition_form() -> rx.Component:
    e = S.form_errors
    return rx.form(
        rx.vstack(
            _row(
                _field("Name", "name", hint="Short and unique, e.g. 2027."),
                _field("Title", "title", hint="e.g. Smart City Champions 2027."),
            ),
            _section("Dates"),
            _row(
                _field("Registration opens", "registration_opens", "date"),
                _field("Registration closes", "registration_closes", "date"),
            ),
            _row(
                _field("Phase 1 starts", "phase1_start", "date"), _field("Phase 1 ends", "phase1_end", "date")
            ),
            _row(
                _field("Phase 2 starts", "phase2_start", "date"), _field("Phase 2 ends", "phase2_end", "date")
            ),
            _section("Year-end ceremony"),
            _row(
                _field("Ceremony date", "ceremony_date", "date"),
                _field("Ceremony time", "ceremony_time", "time", hint="Leave blank until it is known."),
                rx.box(
                    labeled(
                        "Time zone of the ceremony's time",
                        dropdown(
                            rx.el.option("Seoul time (Asia/Seoul)", value=SEOUL_ZONE),
                            rx.cond(
                                S.zone != SEOUL_ZONE, rx.el.option("My time (" + S.zone + ")", value=S.zone)
                            ),
                            name="ceremony_zone",
                            id="edition_ceremony_zone",
                            default_value=S.form["ceremony_zone"],
                            style=SELECT_STYLE,
                        ),
                        "edition_ceremony_zone",
                        e.get("ceremony_zone", ""),
                    ),
                    flex="1 1 12rem",
                ),
            ),
            _row(
                rx.box(
                    labeled(
                        "Ceremony mode",
                        dropdown(
                            *[rx.el.option(m, value=m) for m in ("online", "offline", "hybrid")],
                            name="ceremony_mode",
                            id="edition_ceremony_mode",
                            default_value=S.form["ceremony_mode"],
                            style=SELECT_STYLE,
                        ),
                        "edition_ceremony_mode",
                        e.get("ceremony_mode", ""),
                    ),
                    flex="1 1 12rem",
                ),
                _field("Ceremony venue", "ceremony_venue"),
                _field("Ceremony join link", "ceremony_join_url", "url"),
            ),
            _section("Applications and eligibility"),
            _row(
                _field("Capacity (accepted participants)", "capacity", "number"),
                _field("Waitlist places", "waitlist_capacity", "number", hint="Blank: no limit."),
            ),
            _row(
                _field("Age limit (applicants must be under)", "max_age_exclusive", "number"),
                _field("Minimum age", "min_age", "number", hint="Blank: no minimum."),
                _field(
                    "Age reference date",
                    "age_reference_date",
                    "date",
                    hint="Blank: the first day of Phase 1.",
                ),
            ),
            _section("Phases, teams and judging"),
            _row(
                _field("Lectures needed to complete Phase 1", "phase1_required", "number"),
                _field("Smallest team", "team_min", "number"),
                _field("Largest team", "team_max", "number"),
                _field("Mentors per submission", "reviewers_per_submission", "number"),
            ),
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    name="phase2_requires_phase1",
                    id="edition_phase2_requires_phase1",
                    default_checked=S.form["phase2_requires_phase1"] == "yes",
                ),
                " Phase 2 (teams) requires a completed Phase 1",
                html_for="edition_phase2_requires_phase1",
                style={"display": "flex", "gap": "0.5rem", "align_items": "center"},
            ),
            form_banner(e.get("", "")),
            form_actions("Save edition"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save,
    )


def _form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing == "new", "New edition", "Edit edition")),
            rx.dialog.description(
                "Registration closes before Phase 1 starts; both phases come before the ceremony.", size="2"
            ),
            _edition_form(),
            max_width="48rem",
        ),
        open=S.editing != "",
        on_open_change=S.form_open_changed,
    )


def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Change the age rule?"),
            rx.alert_dialog.description(
                "This edition has applications. They will be re-evaluated under the new rule, and each "
                "change is recorded in the audit log.",
                size="2",
            ),
            rx.cond(
                S.changes.length() == 0,
                rx.text("No applicant's eligibility changes.", margin_y="0.75rem"),
                rx.vstack(
                    rx.text(
                        S.changes.length().to_string() + " applicants' eligibility changes:", weight="bold"
                    ),
                    rx.el.ul(
                        rx.foreach(S.changes, lambda line: rx.el.li(line)), data_testid="eligibility-changes"
                    ),
                    margin_y="0.75rem",
                ),
            ),
            rx.flex(
                rx.alert_dialog.action(rx.button("Change the rule", on_click=S.confirm_save)),
                rx.alert_dialog.cancel(rx.button("Go back", variant="soft")),
                spacing="2",
            ),
        ),
        open=S.confirming,
        on_open_change=S.confirm_open_changed,
    )


def _clone_dialog() -> rx.Component:
    e = S.clone_errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Clone this edition"),
            rx.dialog.description(
                "Copies its settings, lectures, workshops, rubrics and award categories, every date moved "
                "by whole weeks (weekdays stay). No people, teams, submissions or scores.",
                size="2",
            ),
            rx.form(
                rx.vstack(
                    text_field("Name of the new edition", "name", e.get("name", ""), id="clone_name"),
                    text_field("Title", "title", e.get("title", ""), id="clone_title"),
                    text_field(
                        "Move every date by (weeks)",
                        "weeks",
                        e.get("weeks", ""),
                        type_="number",
                        id="clone_weeks",
                        default_value="52",
                        hint="52 weeks is a year with the same weekdays.",
                    ),
                    form_banner(e.get("", "") + e.get("registration_opens", "") + e.get("source", "")),
                    form_actions("Clone"),
                    spacing="3",
                ),
                on_submit=S.clone,
            ),
        ),
        open=S.cloning != "",
        on_open_change=S.clone_open_changed,
    )


def _archive_dialog() -> rx.Component:
    return reason_dialog(
        title="Archive this edition?",
        description="Nothing of it can change afterwards; it stays in the dashboard and the exports.",
        reason_id="archive_reason",
        error=S.archive_error,
        confirm_label="Archive the edition",
        on_submit=S.archive,
        open=S.archiving != "",
        on_open_change=S.archive_open_changed,
    )


def _edition(row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(row["name"], ": ", row["title"], size="4", as_="h2"),
            rx.badge(row["status"], data_testid="status-" + row["name"]),
            rx.text(rx.text.strong("Registration: "), row["registration"]),
            rx.text(rx.text.strong("Phase 1: "), row["phase1"]),
            rx.text(rx.text.strong("Phase 2: "), row["phase2"]),
            rx.text(rx.text.strong("Ceremony (Seoul time): "), row["ceremony_seoul"]),
            rx.cond(
                row["ceremony_local"] != "", rx.text(rx.text.strong("Your time: "), row["ceremony_local"])
            ),
            rx.text(row["ceremony_where"], size="2", color_scheme="gray"),
            rx.text(rx.text.strong("Eligibility: "), row["age_rule"]),
            rx.text(row["counts"], size="2"),
            rx.flex(
                rx.cond(
                    ~row["archived"],
                    rx.button("Edit", variant="outline", size="2", on_click=S.edit_edition(row["id"])),
                ),
                rx.cond(
                    row["can_open"],
                    rx.button("Open registration now", size="2", on_click=S.open_registration(row["id"])),
                ),
                rx.button("Clone", variant="outline", size="2", on_click=S.start_clone(row["id"])),
                rx.cond(
                    ~row["archived"],
                    rx.button(
                        "Archive",
                        size="2",
                        color_scheme="red",
                        variant="soft",
                        on_click=S.start_archive(row["id"]),
                    ),
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="edition-" + row["name"],
    )


@template
def secretariat_editions() -> rx.Component:
    return rx.vstack(
        rx.heading("Editions", size="7", as_="h1"),
        rx.text(
            "Each edition is one year of the program. At most one edition is open for registration at a "
            "time: the landing page and the application form show that one."
        ),
        rx.button("New edition", on_click=S.new_edition),
        form_banner(S.message, color="blue"),
        _form_dialog(),
        _confirm_dialog(),
        _clone_dialog(),
        _archive_dialog(),
        rx.cond(S.rows.length() == 0, rx.text("No editions yet. Create the first one.")),
        rx.foreach(S.rows, _edition),
        spacing="4",
        width="100%",
    )
