"""The secretariat's application review: filters, search, bulk decisions, detail, CSV export."""

import reflex as rx

from champions.components.forms import dropdown, form_banner, labeled
from champions.components.layout import table_region, template
from champions.services.registration.countries import country_options
from champions.state.applications_admin import (
    ELIGIBILITY_FILTERS,
    REGION_FILTERS,
    STATUS_FILTERS,
)
from champions.state.applications_admin import (
    ApplicationsAdminState as S,
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


def _filter(label: str, key: str, options: list[str]) -> rx.Component:
    control_id = f"filter_{key}"
    return labeled(
        label,
        dropdown(
            *[rx.el.option(option, value=option) for option in options],
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
                "Cohort",
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
        _cell(_filter("Status", "status", STATUS_FILTERS)),
        _cell(_filter("Region", "region", REGION_FILTERS)),
        _cell(_filter("Eligible", "eligible", ELIGIBILITY_FILTERS)),
        _cell(
            labeled(
                "Country",
                dropdown(
                    rx.el.option("all", value=""),
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
                "Search",
                rx.debounce_input(
                    rx.input(
                        id="filter_search",
                        placeholder="Name, email, city…",
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
            S.selected.length(),
            " selected · ",
            S.total,
            " shown · ",
            S.counts["accepted"],
            " of ",
            S.capacity,
            " places taken",
            size="2",
        ),
        rx.button("Accept selected", on_click=S.decide_selected("accepted"), color_scheme="green", size="2"),
        rx.button(
            "Waitlist selected", on_click=S.decide_selected("waitlisted"), color_scheme="amber", size="2"
        ),
        rx.button("Reject selected", on_click=S.decide_selected("rejected"), color_scheme="red", size="2"),
        rx.button("Export CSV", on_click=S.export_csv, variant="outline", size="2"),
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
                aria_label="Select " + row.full_name,
            )
        ),
        rx.table.cell(rx.button(row.full_name, variant="ghost", on_click=S.open_detail(row.id))),
        rx.table.cell(row.country_name),
        rx.table.cell(row.region),
        rx.table.cell(row.age),
        rx.table.cell(rx.badge(row.status)),
        rx.table.cell(row.submitted_at),
    )


def _table() -> rx.Component:
    return table_region(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(
                        rx.el.input(type="checkbox", on_change=S.select_all, aria_label="Select all shown")
                    ),
                    *[
                        rx.table.column_header_cell(h)
                        for h in ("Name", "Country", "Region", "Age", "Status", "Submitted")
                    ],
                )
            ),
            rx.table.body(rx.foreach(S.rows, _row)),
            width="100%",
        ),
        "Applications",
    )


def _detail() -> rx.Component:
    d = S.detail
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(d.full_name),
            rx.dialog.description(d.email, " · ", d.country_name, " (", d.region, ") · ", d.city),
            rx.vstack(
                rx.text(
                    "Born ",
                    d.date_of_birth,
                    " · age ",
                    d.age,
                    " on the reference date · eligible: ",
                    d.eligible,
                ),
                rx.text(d.affiliation, " · ", d.field_of_study),
                rx.text(
                    "Status: ", d.status, " · submitted ", d.submitted_at, " · consent ", d.consent_version
                ),
                rx.heading("Motivation", size="3", as_="h3"),
                rx.text(d.motivation, white_space="pre-wrap"),
                form_banner(S.message, color="blue"),
                rx.flex(
                    rx.button("Accept", on_click=S.decide_one(d.id, "accepted"), color_scheme="green"),
                    rx.button("Waitlist", on_click=S.decide_one(d.id, "waitlisted"), color_scheme="amber"),
                    rx.button("Reject", on_click=S.decide_one(d.id, "rejected"), color_scheme="red"),
                    rx.dialog.close(rx.button("Close", variant="soft")),
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
        rx.heading("Applications", size="7", as_="h1"),
        _filters(),
        form_banner(S.message, color="blue"),
        _bulk_bar(),
        _detail(),
        _table(),
        spacing="4",
        width="100%",
    )
