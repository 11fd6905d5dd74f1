"""Pieces shared by the secretariat's pages."""

import reflex as rx

from champions.components.forms import labeled
from champions.components.layout import table_region

SELECT_STYLE = {
    "padding": "0.4rem",
    "border_radius": "6px",
    "border": "1px solid var(--gray-7)",
    "width": "100%",
    "max_width": "100%",
}


def cohort_picker(cohorts, value, on_change, control_id: str = "filter_cohort") -> rx.Component:
    """The labelled cohort select of a secretariat page."""
    return labeled(
        "Cohort",
        rx.el.select(
            rx.foreach(cohorts, lambda c: rx.el.option(c, value=c)),
            id=control_id,
            value=value,
            on_change=on_change,
            style=SELECT_STYLE,
        ),
        control_id,
    )


def data_table(
    headers: list[str], rows, cells, testid: str = "", label: str = "", **root_props
) -> rx.Component:
    """A horizontally scrollable table: a header row, then `cells(row)` for each of `rows`."""
    return table_region(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(rx.foreach(rows, lambda row: rx.table.row(*cells(row)))),
            width="100%",
            **root_props,
        ),
        label or f"Table: {', '.join(h for h in headers if h)}",
        **({"data_testid": testid, "id": testid} if testid else {}),
    )
