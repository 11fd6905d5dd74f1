"""The secretariat's judging results: ranking, disagreement, mentors, agreement."""

import reflex as rx

from champions.components.i18n import t, t_var
from champions.components.layout import table_region, template
from champions.components.secretariat import cohort_picker
from champions.state.results_admin import ResultsAdminState as S


def _table(columns, rows, test_id: str, label: str) -> rx.Component:
    return table_region(
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    # The page's own headers (texts in the viewer's language) or a state's list.
                    *[rx.table.column_header_cell(c) for c in columns]
                    if isinstance(columns, list)
                    else [rx.foreach(columns, lambda c: rx.table.column_header_cell(c))]
                )
            ),
            rx.table.body(
                rx.foreach(rows, lambda row: rx.table.row(rx.foreach(row, lambda v: rx.table.cell(v))))
            ),
            width="100%",
            data_testid=test_id,
        ),
        label,
    )


@template
def secretariat_results() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Judging results"), size="7", as_="h1"),
        rx.box(cohort_picker(S.cohorts, S.cohort, S.choose_cohort), max_width="20rem", width="100%"),
        rx.text(S.settings),
        rx.el.details(
            rx.el.summary(t("How the scores and the ranking are computed")),
            rx.text(t_var(S.method), white_space="pre-wrap", size="2"),
        ),
        rx.heading(t("Ranking"), size="5", as_="h2"),
        rx.button(t("Download the ranking with every figure (CSV)"), variant="outline", on_click=S.download),
        _table(S.ranking_columns, S.ranking, "ranking", "Ranking"),
        rx.heading(t("Disagreement between mentors"), size="5", as_="h2"),
        rx.text(
            t(
                "Per submission: each mentor's total (0–100), scores submitted of assigned, the standard "
                "deviation and the range. Largest spread first."
            ),
            size="2",
            color_scheme="gray",
        ),
        _table(
            [t("Submission"), t("Mentors' totals"), t("Scored"), t("SD"), t("Min–max"), ""],
            S.spreads,
            "disagreement",
            "Disagreement between mentors",
        ),
        rx.heading(t("Mentors"), size="5", as_="h2"),
        rx.text(
            t(
                "Leniency: the mentor's mean offset from their co-reviewers' average on the same "
                "submissions (positive: more generous)."
            ),
            size="2",
            color_scheme="gray",
        ),
        _table(
            [t("Mentor"), t("Assigned"), t("Submitted"), t("Drafts"), t("Leniency")],
            S.mentors,
            "mentors",
            "Mentors' scoring",
        ),
        rx.heading(t("Agreement per round"), size="5", as_="h2"),
        rx.text(
            t(
                "Intraclass correlation ICC(1) of the mentors' totals: 1 means they agree fully, 0 or below "
                "no more than chance."
            ),
            size="2",
            color_scheme="gray",
        ),
        rx.el.ul(rx.foreach(S.agreement, lambda line: rx.el.li(line))),
        spacing="3",
        width="100%",
    )
