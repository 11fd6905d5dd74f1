"""Pieces shared by the secretariat's pages."""

import reflex as rx

from champions.components.forms import labeled
from champions.components.i18n import t
from champions.components.layout import table_region
from champions.infra.translations import N_
from champions.services.registration.countries import Region

# The five WeGO regions' names (Region's values), marked for the catalogue: shown with
# t(name) / t_var(var) where a page lists them.
REGION_NAMES = (N_("Africa"), N_("Americas"), N_("Asia-Pacific"), N_("Europe"), N_("Middle East"))
if tuple(region.value for region in Region) != REGION_NAMES:
    raise RuntimeError("REGION_NAMES must name every Region, in its order")

SELECT_STYLE = {
    "padding": "0.4rem",
    "border_radius": "6px",
    "border": "1px solid var(--gray-7)",
    "width": "100%",
    "max_width": "100%",
}

# A table's texts break between words only: Korean would otherwise break inside a word, one
# syllable a line, in the narrow columns of a table on a small screen.
KEEP_WORDS = {"word_break": "keep-all"}


def cohort_picker(cohorts, value, on_change, control_id: str = "filter_cohort") -> rx.Component:
    """The labelled cohort select of a secretariat page."""
    return labeled(
        t("Cohort"),
        rx.el.select(
            rx.foreach(cohorts, lambda c: rx.el.option(c, value=c)),
            id=control_id,
            value=value,
            on_change=on_change,
            style=SELECT_STYLE,
        ),
        control_id,
    )


def data_table(headers: list, rows, cells, testid: str = "", label: str = "", **root_props) -> rx.Component:
    """A horizontally scrollable table: a header row (`headers` given translated, `t("Name")`),
    then `cells(row)` for each of `rows`."""
    return table_region(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(rx.foreach(rows, lambda row: rx.table.row(*cells(row)))),
            width="100%",
            style=KEEP_WORDS,
            **root_props,
        ),
        label or f"Table: {', '.join(h for h in headers if isinstance(h, str) and h)}",
        **({"data_testid": testid, "id": testid} if testid else {}),
    )
