"""The secretariat's editions: every edition with its status and dates; create, edit (with a
confirmation when the age rule changes once applications exist), open registration, clone with
the dates shifted by whole weeks, archive."""

import reflex as rx

from champions.components.forms import dropdown, form_actions, form_banner, labeled, reason_dialog, text_field
from champions.components.i18n import t, tn
from champions.components.layout import template
from champions.components.secretariat import SELECT_STYLE
from champions.infra.timezones import SEOUL_ZONE
from champions.infra.translations import N_
from champions.state.editions_admin import EditionsAdminState as S

# The ceremony's modes: the value sent, and its label.
MODES = (("online", N_("online")), ("offline", N_("offline")), ("hybrid", N_("hybrid")))


def _hint(text) -> rx.Component:
    """A field's hint in the viewer's language (`labeled` tests a hint for truth, which a
    translated text, a var, cannot answer; a component can)."""
    return rx.fragment(text)


def _field(label, name: str, type_: str = "text", hint=None) -> rx.Component:
    return rx.box(
        text_field(
            label,
            name,
            S.form_errors.get(name, ""),
            type_=type_,
            default_value=S.form[name],
            hint=_hint(hint) if hint is not None else "",
            id="edition_" + name,
        ),
        flex="1 1 12rem",
    )


def _row(*children) -> rx.Component:
    return rx.flex(*children, spacing="3", wrap="wrap", width="100%")


def _section(title) -> rx.Component:
    return rx.heading(title, size="3", as_="h3", margin_top="0.5rem")


def _edition_form() -> rx.Component:
    e = S.form_errors
    return rx.form(
        rx.vstack(
            _row(
                _field(t("Name"), "name", hint=t("Short and unique, e.g. 2027.")),
                _field(t("Title"), "title", hint=t("e.g. Smart City Champions 2027.")),
            ),
            _section(t("Dates")),
            _row(
                _field(t("Registration opens"), "registration_opens", "date"),
                _field(t("Registration closes"), "registration_closes", "date"),
            ),
            _row(
                _field(t("Phase 1 starts"), "phase1_start", "date"),
                _field(t("Phase 1 ends"), "phase1_end", "date"),
            ),
            _row(
                _field(t("Phase 2 starts"), "phase2_start", "date"),
                _field(t("Phase 2 ends"), "phase2_end", "date"),
            ),
            _section(t("Year-end ceremony")),
            _row(
                _field(t("Ceremony date"), "ceremony_date", "date"),
                _field(t("Ceremony time"), "ceremony_time", "time", hint=t("Leave blank until it is known.")),
                rx.box(
                    labeled(
                        t("Time zone of the ceremony's time"),
                        dropdown(
                            rx.el.option(t("Seoul time (Asia/Seoul)"), value=SEOUL_ZONE),
                            rx.cond(
                                S.zone != SEOUL_ZONE,
                                rx.el.option(t("My time ({zone})", zone=S.zone), value=S.zone),
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
                        t("Ceremony mode"),
                        dropdown(
                            *[rx.el.option(t(label), value=mode) for mode, label in MODES],
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
                _field(t("Ceremony venue"), "ceremony_venue"),
                _field(t("Ceremony join link"), "ceremony_join_url", "url"),
            ),
            _section(t("Applications and eligibility")),
            _row(
                _field(t("Capacity (accepted participants)"), "capacity", "number"),
                _field(t("Waitlist places"), "waitlist_capacity", "number", hint=t("Blank: no limit.")),
            ),
            _row(
                _field(t("Age limit (applicants must be under)"), "max_age_exclusive", "number"),
                _field(t("Minimum age"), "min_age", "number", hint=t("Blank: no minimum.")),
                _field(
                    t("Age reference date"),
                    "age_reference_date",
                    "date",
                    hint=t("Blank: the first day of Phase 1."),
                ),
            ),
            _section(t("Phases, teams and judging")),
            _row(
                _field(t("Lectures needed to complete Phase 1"), "phase1_required", "number"),
                _field(t("Smallest team"), "team_min", "number"),
                _field(t("Largest team"), "team_max", "number"),
                _field(t("Mentors per submission"), "reviewers_per_submission", "number"),
            ),
            rx.el.label(
                rx.el.input(
                    type="checkbox",
                    name="phase2_requires_phase1",
                    id="edition_phase2_requires_phase1",
                    default_checked=S.form["phase2_requires_phase1"] == "yes",
                ),
                t("Phase 2 (teams) requires a completed Phase 1"),
                html_for="edition_phase2_requires_phase1",
                style={"display": "flex", "gap": "0.5rem", "align_items": "center"},
            ),
            form_banner(e.get("", "")),
            form_actions(t("Save edition"), t("Close")),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save,
    )


def _form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing == "new", t("New edition"), t("Edit edition"))),
            rx.dialog.description(
                t("Registration closes before Phase 1 starts; both phases come before the ceremony."),
                size="2",
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
            rx.alert_dialog.title(t("Change the age rule?")),
            rx.alert_dialog.description(
                t(
                    "This edition has applications. They will be re-evaluated under the new rule, and each "
                    "change is recorded in the audit log."
                ),
                size="2",
            ),
            rx.cond(
                S.changes.length() == 0,
                rx.text(t("No applicant's eligibility changes."), margin_y="0.75rem"),
                rx.vstack(
                    rx.text(
                        tn(
                            "{count} applicant's eligibility changes:",
                            "{count} applicants' eligibility changes:",
                            S.changes.length(),
                        ),
                        weight="bold",
                    ),
                    rx.el.ul(
                        rx.foreach(S.changes, lambda line: rx.el.li(line, dir="auto")),
                        data_testid="eligibility-changes",
                    ),
                    margin_y="0.75rem",
                ),
            ),
            rx.flex(
                rx.alert_dialog.action(rx.button(t("Change the rule"), on_click=S.confirm_save)),
                rx.alert_dialog.cancel(rx.button(t("Go back"), variant="soft")),
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
            rx.dialog.title(t("Clone this edition")),
            rx.dialog.description(
                t(
                    "Copies its settings, lectures, workshops, rubrics and award categories, every date "
                    "moved by whole weeks (weekdays stay). No people, teams, submissions or scores."
                ),
                size="2",
            ),
            rx.form(
                rx.vstack(
                    text_field(t("Name of the new edition"), "name", e.get("name", ""), id="clone_name"),
                    text_field(t("Title"), "title", e.get("title", ""), id="clone_title"),
                    text_field(
                        t("Move every date by (weeks)"),
                        "weeks",
                        e.get("weeks", ""),
                        type_="number",
                        id="clone_weeks",
                        default_value="52",
                        hint=_hint(t("52 weeks is a year with the same weekdays.")),
                    ),
                    form_banner(e.get("", "") + e.get("registration_opens", "") + e.get("source", "")),
                    form_actions(t("Clone"), t("Close")),
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
        title=t("Archive this edition?"),
        description=t("Nothing of it can change afterwards; it stays in the dashboard and the exports."),
        reason_id="archive_reason",
        error=S.archive_error,
        confirm_label=t("Archive the edition"),
        on_submit=S.archive,
        open=S.archiving != "",
        on_open_change=S.archive_open_changed,
    )


def _edition(row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(rx.el.bdi(row["name"], ": ", row["title"]), size="4", as_="h2"),
            rx.badge(row["status"], data_testid="status-" + row["name"]),
            rx.text(rx.text.strong(t("Registration:")), " ", rx.el.bdi(row["registration"])),
            rx.text(rx.text.strong(t("Phase 1:")), " ", rx.el.bdi(row["phase1"])),
            rx.text(rx.text.strong(t("Phase 2:")), " ", rx.el.bdi(row["phase2"])),
            rx.text(rx.text.strong(t("Ceremony (Seoul time):")), " ", rx.el.bdi(row["ceremony_seoul"])),
            rx.cond(
                row["ceremony_local"] != "",
                rx.text(rx.text.strong(t("Your time:")), " ", rx.el.bdi(row["ceremony_local"])),
            ),
            rx.text(rx.el.bdi(row["ceremony_where"]), size="2", color_scheme="gray"),
            rx.text(rx.text.strong(t("Eligibility:")), " ", rx.el.bdi(row["age_rule"])),
            rx.text(rx.el.bdi(row["counts"]), size="2"),
            rx.flex(
                rx.cond(
                    ~row["archived"],
                    rx.button(t("Edit"), variant="outline", size="2", on_click=S.edit_edition(row["id"])),
                ),
                rx.cond(
                    row["can_open"],
                    rx.button(t("Open registration now"), size="2", on_click=S.open_registration(row["id"])),
                ),
                rx.button(t("Clone"), variant="outline", size="2", on_click=S.start_clone(row["id"])),
                rx.cond(
                    ~row["archived"],
                    rx.button(
                        t("Archive"),
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
        rx.heading(t("Editions"), size="7", as_="h1"),
        rx.text(
            t(
                "Each edition is one year of the program. At most one edition is open for registration at a "
                "time: the landing page and the application form show that one."
            )
        ),
        rx.button(t("New edition"), on_click=S.new_edition),
        form_banner(S.message, color="blue"),
        _form_dialog(),
        _confirm_dialog(),
        _clone_dialog(),
        _archive_dialog(),
        rx.cond(S.rows.length() == 0, rx.text(t("No editions yet. Create the first one."))),
        rx.foreach(S.rows, _edition),
        spacing="4",
        width="100%",
    )
