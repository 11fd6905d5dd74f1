"""The secretariat's application review: filters, search, bulk decisions, detail, CSV export."""

import reflex as rx

from champions.components.forms import dropdown, form_banner, labeled
from champions.components.i18n import t, t_var
from champions.components.layout import table_region, template
from champions.components.secretariat import KEEP_WORDS, REGION_NAMES
from champions.infra.translations import N_
from champions.services.registration.countries import country_options
from champions.state.applications_admin import (
    ELIGIBILITY_FILTERS,
    REGION_FILTERS,
    STATUS_FILTERS,
)
from champions.state.applications_admin import (
    ApplicationsAdminState as S,
)

# The filters' and an application's fixed values (views.STATUS_FILTERS, ELIGIBILITY_FILTERS and
# ApplicationStatus; the regions' names are in components/secretariat.py), marked for the
# catalogue here where they are shown translated.
VALUES = (
    N_("all"),
    N_("yes"),
    N_("no"),
    N_("submitted"),
    N_("accepted"),
    N_("waitlisted"),
    N_("rejected"),
    N_("withdrawn"),
    *REGION_NAMES,
)

_SELECT_STYLE = {
    "padding": "0.4rem",
    "border_radius": "6px",
    "border": "1px solid var(--gray-7)",
    "width": "100%",
    "max_width": "100%",
}


def _cell(control: rx.Component) -> rx.Component:
    """A filter that shares the row and wraps on narrow screens (never wider than the screen)."""
    return rx.box(control, flex="1 1 9rem", min_width="0", max_width="100%")


def _filter(label, key: str, options: list[str]) -> rx.Component:
    control_id = f"filter_{key}"
    return labeled(
        label,
        dropdown(
            *[rx.el.option(t(option), value=option) for option in options],
            id=control_id,
            value=S.filters[key],
            on_change=lambda value: S.set_filter(key, value),
            style=_SELECT_STYLE,
        ),
        control_id,
    )


def _filters() -> rx.Component:
    return rx.flex(
        _cell(
            labeled(
                t("Cohort"),
                dropdown(
                    rx.foreach(S.cohorts, lambda c: rx.el.option(c, value=c)),
                    id="filter_cohort",
                    value=S.cohort,
                    on_change=S.choose_cohort,
                    style=_SELECT_STYLE,
                ),
                "filter_cohort",
            )
        ),
        _cell(_filter(t("Status"), "status", STATUS_FILTERS)),
        _cell(_filter(t("Region"), "region", REGION_FILTERS)),
        _cell(_filter(t("Eligible"), "eligible", ELIGIBILITY_FILTERS)),
        _cell(
            labeled(
                t("Country"),
                dropdown(
                    rx.el.option(t("all"), value=""),
                    *[rx.el.option(f"{code} · {name}", value=code) for code, name in country_options()],
                    id="filter_country",
                    value=S.filters["country"],
                    on_change=lambda value: S.set_filter("country", value),
                    style=_SELECT_STYLE,
                ),
                "filter_country",
            )
        ),
        _cell(
            labeled(
                t("Search"),
                rx.debounce_input(
                    rx.input(
                        id="filter_search",
                        placeholder=t("Name, email, city…"),
                        value=S.filters["search"],
                        on_change=lambda value: S.set_filter("search", value),
                    ),
                    debounce_timeout=400,
                ),
                "filter_search",
            )
        ),
        spacing="3",
        wrap="wrap",
        align="end",
    )


def _bulk_bar() -> rx.Component:
    return rx.flex(
        rx.text(
            t(
                "{selected} selected · {shown} shown · {taken} of {capacity} places taken",
                selected=S.selected.length(),
                shown=S.total,
                taken=S.counts["accepted"],
                capacity=S.capacity,
            ),
            size="2",
        ),
        rx.button(
            t("Accept selected"), on_click=S.decide_selected("accepted"), color_scheme="green", size="2"
        ),
        rx.button(
            t("Waitlist selected"), on_click=S.decide_selected("waitlisted"), color_scheme="amber", size="2"
        ),
        rx.button(t("Reject selected"), on_click=S.decide_selected("rejected"), color_scheme="red", size="2"),
        rx.button(t("Export CSV"), on_click=S.export_csv, variant="outline", size="2"),
        spacing="2",
        wrap="wrap",
        align="center",
    )


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.el.input(
                type="checkbox",
                checked=S.selected.contains(row.id),
                on_change=lambda checked: S.toggle(row.id, checked),
                aria_label=t("Select {name}", name=row.full_name),
            )
        ),
        rx.table.cell(rx.button(row.full_name, variant="ghost", on_click=S.open_detail(row.id))),
        rx.table.cell(row.country_name),
        rx.table.cell(t_var(row.region)),
        rx.table.cell(row.age),
        rx.table.cell(rx.badge(t_var(row.status))),
        rx.table.cell(row.submitted_at),
    )


def _table() -> rx.Component:
    return table_region(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(
                        rx.el.input(type="checkbox", on_change=S.select_all, aria_label=t("Select all shown"))
                    ),
                    *[
                        rx.table.column_header_cell(t(h))
                        for h in (
                            N_("Name"),
                            N_("Country"),
                            N_("Region"),
                            N_("Age"),
                            N_("Status"),
                            N_("Submitted"),
                        )
                    ],
                )
            ),
            rx.table.body(rx.foreach(S.rows, _row)),
            width="100%",
            style=KEEP_WORDS,
        ),
        "Applications",
    )


def _detail() -> rx.Component:
    d = S.detail
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(d.full_name),
            rx.dialog.description(d.email, " · ", d.country_name, " (", t_var(d.region), ") · ", d.city),
            rx.vstack(
                rx.text(
                    t(
                        "Born {date} · age {age} on the reference date · eligible: {eligible}",
                        date=d.date_of_birth,
                        age=d.age,
                        eligible=t_var(d.eligible),
                    )
                ),
                rx.text(d.affiliation, " · ", d.field_of_study),
                rx.text(
                    t(
                        "Status: {status} · submitted {submitted} · consent {version}",
                        status=t_var(d.status),
                        submitted=d.submitted_at,
                        version=d.consent_version,
                    )
                ),
                rx.heading(t("Motivation"), size="3", as_="h3"),
                # The applicant's own words, in their script's direction.
                rx.text(d.motivation, white_space="pre-wrap", custom_attrs={"dir": "auto"}),
                form_banner(S.message, color="blue"),
                rx.flex(
                    rx.button(t("Accept"), on_click=S.decide_one(d.id, "accepted"), color_scheme="green"),
                    rx.button(t("Waitlist"), on_click=S.decide_one(d.id, "waitlisted"), color_scheme="amber"),
                    rx.button(t("Reject"), on_click=S.decide_one(d.id, "rejected"), color_scheme="red"),
                    rx.dialog.close(rx.button(t("Close"), variant="soft")),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
                margin_top="0.75rem",
            ),
            max_width="40rem",
        ),
        open=d.id != "",
        on_open_change=S.dialog_open_changed,
    )


@template
def secretariat_applications() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Applications"), size="7", as_="h1"),
        _filters(),
        form_banner(S.message, color="blue"),
        _bulk_bar(),
        _detail(),
        _table(),
        spacing="4",
        width="100%",
    )
