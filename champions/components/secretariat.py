"""Pieces shared by the secretariat's pages."""

import reflex as rx

from champions.components.forms import labeled

SELECT_STYLE = {"padding": "0.4rem", "border_radius": "6px", "border": "1px solid var(--gray-7)",
                "width": "100%", "max_width": "100%"}


def cohort_picker(cohorts, value, on_change, control_id: str = "filter_cohort") -> rx.Component:
    """The labelled cohort select of a secretariat page."""
    return labeled(
        "Cohort",
        rx.el.select(rx.foreach(cohorts, lambda c: rx.el.option(c, value=c)), id=control_id, value=value,
                     on_change=on_change, style=SELECT_STYLE),
        control_id,
    )
