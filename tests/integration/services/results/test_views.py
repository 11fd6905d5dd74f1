"""What the Results page shows: the ranking with every figure, the disagreement per submission,
the mentors' progress and leniency, the agreement per round and the method's settings, for the
demo cohort of 2022 (fully judged) and for a round partly judged; and the ranking as CSV."""

import csv
import io
import itertools
from datetime import date

import pytest
from sqlmodel import select

from champions.demo.seed import seed_demo
from champions.models import Cohort, User
from champions.services.results.views import CsvFile, ResultsPage, ranking_csv, results_page

from .test_feedback import assigned, score

# The judged fixtures' day: the 2022 cohort is the current one.
TODAY = date(2022, 2, 1)
# The demo's day: the 2026 edition is open for registration (the current cohort).
DEMO_DAY = date(2026, 11, 23)
HEADER = (
    "rank,tie,team,final_score,workshop,workshop_weight,workshop_score,workshop_score_raw,mentor,"
    "mentor_total,mentor_normalized,criterion,criterion_weight,scale_min,scale_max,value"
)
DEMO_MENTORS = [
    "Dr. Amina Yusuf",
    "Dr. Elena Petrova",
    "Dr. Hye-jin Park",
    "Dr. Sarah Cohen",
    "Prof. Carlos Mendes",
    "Prof. Rahul Mehta",
]
COLUMNS = ["Rank", "Team", "Final score", "W2 (50%)", "W3 (50%)"] + [
    "Problem understanding average",
    "Last on-time submission (Seoul)",
]
SETTINGS = "Submission score: mean over mentors. Disagreement is flagged above 30 points."


@pytest.fixture
def demo(session, password_hash):
    assert seed_demo(session=session, password_hash=password_hash, today=DEMO_DAY)
    session.commit()
    return session.exec(select(Cohort).where(Cohort.name == "2022")).one()


def rows_of(made: CsvFile) -> list[list[str]]:
    assert made.text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(made.text.lstrip("\ufeff"))))


@pytest.fixture
def partly_judged(session, open_round):
    """Team 0's workshop 2: its first mentor gives 4 everywhere (33.3), the second 10 (100), the
    third saves a draft; Team 1's workshop 2: 7 from each (66.7). Nothing else is scored."""
    w2, _ = open_round["workshops"]
    team0, team1 = open_round["teams"][:2]
    first, second, third = assigned(session, team0, w2)
    score(session, first, team0, w2, [4] * 5, "Comment", "Note")
    score(session, second, team0, w2, [10] * 5, "Comment", "Note")
    score(session, third, team0, w2, [7] * 5, "Draft", "Note", submit=False)
    for mentor in assigned(session, team1, w2):
        score(session, mentor, team1, w2, [7] * 5, "Comment", "Note")
    session.commit()
    return open_round


# --- the page -------------------------------------------------------------------------------


def test_the_demo_ranking_with_every_figure(session, demo):
    page = results_page(session=session, cohort_name="2022", today=DEMO_DAY)
    assert (page.cohorts, page.cohort) == (["2026", "2022"], "2022")
    assert page.ranking_columns == [
        "Rank",
        "Team",
        "Final score",
        "W2 (33%)",
        "W3 (33%)",
        "W4 (33%)",
        "Problem understanding average",
        "Last on-time submission (Seoul)",
    ]
    assert page.ranking == [
        ["1", "Green Shade", "75.31", "72.59", "85.19", "68.15", "74.07", "Sat 11 Jun 2022, 15:00 KST"],
        ["2", "Bridge the Gap", "62.72", "61.48", "59.26", "67.41", "64.20", "Wed 8 Jun 2022, 19:00 KST"],
        [
            "3 (tie)",
            "Clean Air Map",
            "58.77",
            "51.11",
            "67.41",
            "57.78",
            "59.26",
            "Thu 9 Jun 2022, 10:00 KST",
        ],
        [
            "3 (tie)",
            "Kids on Bikes",
            "58.77",
            "51.11",
            "67.41",
            "57.78",
            "59.26",
            "Thu 9 Jun 2022, 10:00 KST",
        ],
        ["5", "SafeSteps", "57.04", "60.74", "47.41", "62.96", "59.26", "Fri 10 Jun 2022, 07:00 KST"],
        ["6", "Data for Dignity", "55.31", "58.52", "48.15", "59.26", "56.79", "Wed 8 Jun 2022, 22:00 KST"],
        ["7", "Silver Connect", "52.59", "48.15", "61.48", "48.15", "58.02", "Fri 10 Jun 2022, 04:00 KST"],
        ["8", "Open Mobility Lab", "52.10", "50.37", "56.30", "49.63", "49.38", "Thu 9 Jun 2022, 18:00 KST"],
    ]
    assert page.mentors == [
        ["Dr. Amina Yusuf", "12", "12", "0", "-4.8 over 12"],
        ["Dr. Elena Petrova", "12", "12", "0", "+3.9 over 12"],
        ["Dr. Hye-jin Park", "12", "12", "0", "-2.7 over 12"],
        ["Dr. Sarah Cohen", "12", "12", "0", "+9.0 over 12"],
        ["Prof. Carlos Mendes", "12", "12", "0", "+14.8 over 12"],
        ["Prof. Rahul Mehta", "12", "12", "0", "-20.2 over 12"],
    ]
    assert page.agreement == [
        "Workshop 2: 0.08 (poor)",
        "Workshop 3: 0.30 (poor)",
        "Workshop 4: -0.01 (poor)",
    ]
    assert page.settings == SETTINGS


def test_the_demo_disagreement_the_widest_first(session, demo):
    spreads = results_page(session=session, cohort_name="2022", today=DEMO_DAY).spreads
    assert len(spreads) == 8 * 3
    assert spreads[0] == [
        "Bridge the Gap — W3",
        "Prof. Carlos Mendes 84.4, Prof. Rahul Mehta 35.6, Dr. Sarah Cohen 57.8",
        "3 of 3",
        "20.0",
        "35.6–84.4",
        "spread over threshold",
    ]
    # Flagged: the three spreads over 30 points, and only those.
    assert [row[0] for row in spreads if row[5]] == [
        "Bridge the Gap — W3",
        "Green Shade — W4",
        "SafeSteps — W3",
    ]
    assert {row[5] for row in spreads[3:]} == {""}
    widths = [float(high) - float(low) for low, high in (row[4].split("–") for row in spreads)]
    # Widest first (the figures shown are rounded to one decimal).
    assert all(a >= b - 0.1 for a, b in itertools.pairwise(widths))
    assert widths[0] == pytest.approx(48.8) and widths[-1] == pytest.approx(11.1)
    assert {row[2] for row in spreads} == {"3 of 3"}


def test_a_partly_judged_round(session, cohort, partly_judged):
    page = results_page(session=session, cohort_name="", today=TODAY)
    assert (page.cohorts, page.cohort, page.ranking_columns) == (["2022"], "2022", COLUMNS)
    # Team 1 and Team 0 are equal on every figure but the last on-time submission; the
    # submissions not scored yet score 0 and read "—".
    assert page.ranking == [
        ["1", "Team 1", "33.33", "66.67", "—", "66.67", "Wed 1 Jun 2022, 22:00 KST"],
        ["2", "Team 0", "33.33", "66.67", "—", "66.67", "Wed 1 Jun 2022, 23:00 KST"],
        ["3", "Team 3", "0.00", "—", "—", "0.00", "Wed 1 Jun 2022, 20:00 KST"],
        ["4", "Team 2", "0.00", "—", "—", "0.00", "Wed 1 Jun 2022, 21:00 KST"],
    ]
    # The draft is not a score: two of three, and no figure of the third mentor.
    assert page.spreads[:2] == [
        [
            "Team 0 — W2",
            "Mentor 1 33.3, Mentor 2 100.0",
            "2 of 3",
            "33.3",
            "33.3–100.0",
            "spread over threshold",
        ],
        ["Team 1 — W2", "Mentor 1 66.7, Mentor 4 66.7, Mentor 5 66.7", "3 of 3", "0.0", "66.7–66.7", ""],
    ]
    assert [row[0] for row in page.spreads[2:]] == [
        "Team 1 — W3",
        "Team 0 — W3",
        "Team 3 — W2",
        "Team 3 — W3",
        "Team 2 — W2",
        "Team 2 — W3",
    ]
    assert {tuple(row[1:]) for row in page.spreads[2:]} == {("—", "0 of 3", "—", "—", "")}
    # Leniency: each mentor's distance from the other mentors of the same submissions.
    assert page.mentors == [
        ["Mentor 1", "5", "2", "0", "-33.3 over 2"],
        ["Mentor 2", "5", "1", "0", "+66.7 over 1"],
        ["Mentor 3", "5", "0", "1", "—"],
        ["Mentor 4", "5", "1", "0", "+0.0 over 1"],
        ["Mentor 5", "4", "1", "0", "+0.0 over 1"],
    ]
    assert page.agreement == [
        "Workshop 2: -0.71 (poor)",
        "Workshop 3: not enough submissions with two or more scores",
    ]
    assert page.settings == SETTINGS


def test_before_any_score(session, cohort, open_round):
    page = results_page(session=session, cohort_name="2022", today=TODAY)
    assert page.ranking_columns == COLUMNS
    assert [row[:6] for row in page.ranking] == [
        [str(rank), f"Team {3 - i}", "0.00", "—", "—", "0.00"] for i, rank in enumerate((1, 2, 3, 4))
    ]
    assert len(page.spreads) == 8 and {tuple(row[2:]) for row in page.spreads} == {("0 of 3", "—", "—", "")}
    assert page.mentors == [
        [f"Mentor {i}", str(n), "0", "0", "—"] for i, n in zip(range(1, 6), [5, 5, 5, 5, 4])
    ]
    assert page.agreement == [f"Workshop {p}: not enough submissions with two or more scores" for p in (2, 3)]


def test_a_cohort_without_judging(session, cohort):
    assert results_page(session=session, cohort_name="2022", today=TODAY) == ResultsPage(
        cohorts=["2022"],
        cohort="2022",
        ranking_columns=[
            "Rank",
            "Team",
            "Final score",
            "Criterion average",
            "Last on-time submission (Seoul)",
        ],
        settings=SETTINGS,
    )


@pytest.mark.parametrize(
    "aggregation, normalize, threshold, settings",
    [
        (
            "median",
            False,
            12.5,
            "Submission score: median over mentors. Disagreement is flagged above 12.5 points.",
        ),
        (
            "mean",
            True,
            20.0,
            "Submission score: mean over mentors, after per-mentor normalization. "
            "Disagreement is flagged above 20 points.",
        ),
    ],
)
def test_the_settings_follow_the_cohort(
    session, cohort, partly_judged, aggregation, normalize, threshold, settings
):
    cohort.score_aggregation, cohort.normalize_scores = aggregation, normalize
    cohort.disagreement_threshold = threshold
    session.add(cohort)
    session.commit()
    page = results_page(session=session, cohort_name="2022", today=TODAY)
    assert page.settings == settings
    # A spread of 0 is never flagged, one of 66.7 always.
    assert [row[5] for row in page.spreads[:2]] == ["spread over threshold", ""]


def test_the_normalized_score_shows_the_raw_one_beside_it(session, cohort, partly_judged):
    cohort.normalize_scores = True
    session.add(cohort)
    session.commit()
    page = results_page(session=session, cohort_name="2022", today=TODAY)
    row = next(r for r in page.ranking if r[1] == "Team 0")
    assert row[3].endswith(" (raw 66.67)") and row[3] != "66.67 (raw 66.67)"


def test_the_current_cohort_by_default_and_nothing_of_another(session, demo):
    page = results_page(session=session, cohort_name="", today=DEMO_DAY)
    assert (page.cohorts, page.cohort) == (["2026", "2022"], "2026")
    assert page.ranking == [] and page.spreads == [] and page.mentors == []
    # Its judged workshops, none scored yet.
    assert page.agreement == [
        f"Workshop {p}: not enough submissions with two or more scores" for p in (2, 3, 4)
    ]
    assert "Green Shade" not in repr(page) and "Prof. Carlos Mendes" not in repr(page)


@pytest.mark.parametrize("name", ["", "1999"])
def test_no_cohort_nothing_to_show(session, name):
    assert results_page(session=session, cohort_name=name, today=TODAY) == ResultsPage()
    assert ranking_csv(session=session, cohort_name=name, today=TODAY) is None


def test_an_unknown_cohort_name_shows_nothing(session, cohort, partly_judged):
    assert results_page(session=session, cohort_name="1999", today=TODAY) == ResultsPage()
    assert ranking_csv(session=session, cohort_name="1999", today=TODAY) is None


# --- the CSV --------------------------------------------------------------------------------


def test_the_demo_ranking_as_csv_without_mentor_names(session, demo):
    made = ranking_csv(session=session, cohort_name="2022", today=DEMO_DAY)
    assert made.filename == "ranking-2022.csv"
    header, *rows = rows_of(made)
    assert ",".join(header) == HEADER
    # 8 teams × 3 workshops × 3 mentors × 5 criteria.
    assert len(rows) == 8 * 3 * 3 * 5
    assert rows[0][:8] == [
        "1",
        "",
        "Green Shade",
        "75.308642",
        "Solution design",
        "0.333333",
        "72.592593",
    ] + ["72.592593"]
    assert rows[0][11:] == ["Problem understanding", "1.0", "1", "10", "9"]
    assert [r[2] for r in rows[:: 3 * 3 * 5]] == [
        "Green Shade",
        "Bridge the Gap",
        "Clean Air Map",
        "Kids on Bikes",
        "SafeSteps",
        "Data for Dignity",
        "Silver Connect",
        "Open Mobility Lab",
    ]
    assert {r[1] for r in rows if r[2] in ("Clean Air Map", "Kids on Bikes")} == {"yes"}
    assert {r[1] for r in rows if r[2] not in ("Clean Air Map", "Kids on Bikes")} == {""}
    # Mentors by a stable anonymous id, never by name or address.
    assert len({r[8] for r in rows}) == 6 and all(r[8].startswith("M-") and len(r[8]) == 10 for r in rows)
    emails = session.exec(select(User.email)).all()
    assert not any(name in made.text for name in DEMO_MENTORS)
    assert not any(email in made.text for email in emails)


def test_a_partly_judged_round_as_csv(session, cohort, partly_judged):
    made = ranking_csv(session=session, cohort_name="", today=TODAY)
    assert made.filename == "ranking-2022.csv"
    header, *rows = rows_of(made)
    assert ",".join(header) == HEADER
    # Team 0: two submitted scores of 5 criteria (not the draft); Team 1: three; every other
    # team × workshop: one row without a mentor.
    assert [(r[2], r[4]) for r in rows].count(("Team 0", "W2")) == 10
    assert [(r[2], r[4]) for r in rows].count(("Team 1", "W2")) == 15
    assert len(rows) == 10 + 15 + 6
    unscored = [r for r in rows if r[8] == ""]
    assert sorted((r[2], r[4]) for r in unscored) == sorted(
        [("Team 0", "W3"), ("Team 1", "W3")] + [(f"Team {i}", w) for i in (2, 3) for w in ("W2", "W3")]
    )
    assert all(r[6] == r[7] == "" and r[9:] == [""] * 7 for r in unscored)
    team0 = [r for r in rows if r[2] == "Team 0" and r[4] == "W2"]
    assert {(r[9], r[15]) for r in team0} == {("33.333333", "4"), ("100.0", "10")}
    assert "7" not in {r[15] for r in team0}  # the draft's values


def test_a_cohort_without_teams_gives_the_header_only(session, demo):
    made = ranking_csv(session=session, cohort_name="", today=DEMO_DAY)
    assert made == CsvFile("ranking-2026.csv", "\ufeff" + HEADER + "\r\n")


def test_the_ranking_csv_speaks_the_callers_language(session, demo):
    english = rows_of(ranking_csv(session=session, cohort_name="2022", today=DEMO_DAY))
    header, *rows = rows_of(ranking_csv(session=session, cohort_name="2022", today=DEMO_DAY, language="ko"))
    assert header == [
        "순위",
        "동점",
        "팀",
        "최종 점수",
        "워크숍",
        "워크숍 가중치",
        "워크숍 점수",
        "워크숍 원점수",
        "멘토",
        "멘토 합계",
        "멘토 정규화 점수",
        "평가 기준",
        "기준 가중치",
        "척도 최솟값",
        "척도 최댓값",
        "값",
    ]
    assert {r[1] for r in rows if r[2] in ("Clean Air Map", "Kids on Bikes")} == {"예"}
    assert [r[:1] + r[2:] for r in rows] == [r[:1] + r[2:] for r in english[1:]]
    header, *rows = rows_of(ranking_csv(session=session, cohort_name="2022", today=DEMO_DAY, language="ar"))
    assert header[:4] == ["المرتبة", "تعادل", "الفريق", "النتيجة النهائية"]
    assert {r[1] for r in rows if r[2] == "Clean Air Map"} == {"نعم"}
