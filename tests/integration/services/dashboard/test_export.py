"""The dashboard's tables exported, and the `stats` command printing the same figures."""

import csv
import io
import json

from champions.cli import main
from champions.services.dashboard.export import dashboard_json, dashboard_table
from champions.services.dashboard.figures import cohort_dashboard

from .conftest import FUNNEL, NOW


def test_each_table_exports_and_the_stats_command_prints_the_same_figures(
    session, cohort, known, capsys, monkeypatch
):
    board = cohort_dashboard(session=session, cohort=cohort, now=NOW)
    fields, rows = dashboard_table(board, "at-risk")
    assert fields == ["name", "email", "country", "counted", "required", "still_possible", "why"]
    assert [r[:4] for r in rows] == [
        ["KE two", "person7@example.org", "Kenya", 2],
        ["TR one", "person10@example.org", "Türkiye", 0],
    ]
    assert dashboard_table(board, "submissions") == (
        ["team", "1. Workshop 1", "2. Workshop 2", "3. Workshop 3"],
        [["Alpha", "on time", "on time", "missing"], ["Beta", "on time", "late", "extension"]],
    )
    assert dashboard_json(board)["funnel"] == [{"stage": s, "count": n} for s, n in FUNNEL]
    # The command computes "now" itself: every lecture and deadline of the cohort is long past,
    # and Beta's extension too, so its workshop 3 is missing there.
    assert main(["stats", "--cohort", "2022", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["funnel"] == [{"stage": s, "count": n} for s, n in FUNNEL]
    assert printed["regions"][4] == {"region": "Middle East", "applicants": 1, "eligible": 0, "accepted": 0}
    assert [t["name"] for t in printed["at_risk"]] == ["KE two", "TR one"]
    assert printed["submissions"]["teams"][1] == {
        "team": "Beta",
        "1. Workshop 1": "on time",
        "2. Workshop 2": "late",
        "3. Workshop 3": "missing",
    }
    assert main(["stats", "--cohort", "2022", "--format", "csv-judging", "--country", "fr"]) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")))) == [
        ["mentor", "assigned", "submitted", "drafts", "remaining"],
        ["Mentor One", "1", "0", "1", "1"],
    ]
    assert main(["stats", "--cohort", "2022", "--region", "Europe", "--country", "KR"]) == 2
    assert capsys.readouterr().err == "error: South Korea is not in Europe.\n"
    assert main(["stats", "--cohort", "1999"]) == 2


def test_the_tables_speak_the_callers_language_and_the_json_stays_english(session, cohort, known, capsys):
    board = cohort_dashboard(session=session, cohort=cohort, now=NOW)
    fields, rows = dashboard_table(board, "funnel", "ko")
    assert fields == ["단계", "명"]
    assert [stage for stage, _ in rows] == [
        "지원",
        "자격 충족",
        "합격",
        "1단계 활동 중",
        "1단계 이수",
        "팀 소속",
        "워크숍 1 제출",
        "워크숍 2 제출",
        "워크숍 3 제출",
        "심사 완료",
        "수상",
    ]
    assert dashboard_table(board, "submissions", "ko") == (
        ["팀", "1. Workshop 1", "2. Workshop 2", "3. Workshop 3"],
        [["Alpha", "기한 내", "기한 내", "미제출"], ["Beta", "기한 내", "늦음", "연장"]],
    )
    fields, rows = dashboard_table(board, "at-risk", "ko")
    assert fields == ["이름", "이메일", "국가", "인정", "필요", "아직 가능", "사유"]
    assert rows[0][:3] == ["KE two", "person7@example.org", "케냐"]
    assert dashboard_table(board, "regions", "ar")[1][4][0] == "الشرق الأوسط"
    assert dashboard_table(board, "at-risk", "en") == dashboard_table(board, "at-risk")
    assert (
        main(["stats", "--cohort", "2022", "--format", "csv-judging", "--country", "fr", "--language", "ko"])
        == 0
    )
    assert list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")))) == [
        ["멘토", "배정", "제출됨", "임시 저장", "남음"],
        ["Mentor One", "1", "0", "1", "1"],
    ]
    assert main(["stats", "--cohort", "2022", "--format", "json", "--language", "ko"]) == 0
    assert json.loads(capsys.readouterr().out)["funnel"] == [{"stage": s, "count": n} for s, n in FUNNEL]
