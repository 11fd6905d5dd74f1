"""`python -m champions …` against a migrated database (the same services as the app)."""

import csv
import io
import re
from datetime import date

import icalendar
import pytest
from sqlmodel import select

from champions.cli import main
from champions.demo.seed import seed_demo
from champions.models import Role, User
from champions.services.accounts.passwords import verify_password


def test_create_user_takes_the_password_from_the_environment(engine, session, monkeypatch, capsys):
    monkeypatch.setenv("CHAMPIONS_PASSWORD", "a secret long enough")
    assert (
        main(["create-user", "--role", "mentor", "--email", "Mentor@Example.org", "--name", "Dr. Ada"]) == 0
    )
    assert "Created mentor mentor@example.org" in capsys.readouterr().out
    user = session.exec(select(User).where(User.email == "mentor@example.org")).one()
    assert user.role == Role.MENTOR and verify_password("a secret long enough", user.password_hash)


def test_create_user_refuses_a_short_password_and_a_taken_email(engine, monkeypatch, capsys):
    monkeypatch.setenv("CHAMPIONS_PASSWORD", "short")
    assert main(["create-user", "--role", "secretariat", "--email", "s@example.org", "--name", "S"]) == 2
    assert "error: password: Use at least 10 characters." in capsys.readouterr().err
    monkeypatch.setenv("CHAMPIONS_PASSWORD", "a secret long enough")
    assert main(["create-user", "--role", "secretariat", "--email", "s@example.org", "--name", "S"]) == 0
    assert main(["create-user", "--role", "secretariat", "--email", "S@example.org", "--name", "S"]) == 2
    assert "An account with this email already exists" in capsys.readouterr().err


def test_set_role_changes_the_role_and_refuses_the_last_secretariat(engine, session, make_user, capsys):
    make_user(email="s@example.org", role=Role.SECRETARIAT)
    make_user(email="ana@example.org")
    assert main(["set-role", "Ana@Example.org", "mentor"]) == 0
    assert capsys.readouterr().out == "ana@example.org is now mentor; their sessions have ended.\n"
    assert main(["set-role", "s@example.org", "participant"]) == 2
    assert (
        capsys.readouterr().err == "error: role: This is the last secretariat account; it keeps its role.\n"
    )
    session.expire_all()
    roles = dict(session.exec(select(User.email, User.role)).all())
    assert roles == {"s@example.org": Role.SECRETARIAT, "ana@example.org": Role.MENTOR}


def test_create_user_has_no_password_argument():
    with pytest.raises(SystemExit):
        main(["create-user", "--role", "mentor", "--email", "a@b.org", "--name", "A", "--password", "x" * 12])


@pytest.mark.parametrize(
    "born, code, first_line",
    [
        ("1987-03-05", 0, "ELIGIBLE: age 34 on 4 March 2022 (cohort 2022)."),
        ("1987-03-04", 1, "INELIGIBLE: age 35 on 4 March 2022 (cohort 2022)."),
        ("2006-03-05", 0, "ELIGIBLE: age 15 on 4 March 2022 (cohort 2022)."),  # no minimum age
    ],
)
def test_eligibility_prints_the_decision_and_exits_0_or_1(engine, cohort, capsys, born, code, first_line):
    assert main(["eligibility", "--birth-date", born, "--cohort", "2022"]) == code
    assert capsys.readouterr().out.splitlines()[0] == first_line


def test_eligibility_with_a_minimum_age(engine, session, cohort, capsys):
    cohort.min_age = 16
    session.add(cohort)
    session.commit()
    assert main(["eligibility", "--birth-date", "2006-03-05", "--cohort", "2022"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "INELIGIBLE: age 15 on 4 March 2022 (cohort 2022).",
        "  too_young: You must be at least 16 on 4 March 2022; you will be 15 on that date.",
    ]


def test_eligibility_reasons_and_on_override(engine, cohort, capsys):
    assert main(["eligibility", "--birth-date", "1987-03-04", "--cohort", "2022"]) == 1
    assert (
        "too_old: You must be under 35 on 4 March 2022; you will be 35 on that date."
        in capsys.readouterr().out
    )
    assert main(["eligibility", "--birth-date", "1987-03-04", "--cohort", "2022", "--on", "2022-03-03"]) == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--birth-date", "1987-02-30", "--cohort", "2022"], "error: 1987-02-30 is not a real date."),
        (
            ["--birth-date", "2999-01-01", "--cohort", "2022"],
            "error: Your date of birth cannot be in the future.",
        ),
        (["--birth-date", "1990-01-01", "--cohort", "1999"], "error: no cohort named '1999'"),
        (
            ["--birth-date", "1990-01-01", "--cohort", "2022", "--on", "soon"],
            "error: --on 'soon' is not a date (YYYY-MM-DD)",
        ),
    ],
)
def test_eligibility_invalid_input_exits_2(engine, cohort, capsys, args, message):
    assert main(["eligibility", *args]) == 2
    assert capsys.readouterr().err.strip() == message


def test_calendar_and_attendance_report_write_their_files(engine, session, capsys, tmp_path, password_hash):
    seed_demo(session=session, password_hash=password_hash, today=date(2026, 11, 23))
    session.commit()
    ics = tmp_path / "cohort.ics"
    assert main(["calendar", "--cohort", "2022", "--out", str(ics)]) == 0
    assert capsys.readouterr().out == f"Wrote the 2022 calendar (19 events) to {ics}.\n"
    assert len(icalendar.Calendar.from_ical(ics.read_text(encoding="utf-8")).walk("VEVENT")) == 19
    # In another language when asked (English otherwise): the summaries, the data as written.
    korean = tmp_path / "cohort-ko.ics"
    assert main(["calendar", "--cohort", "2022", "--out", str(korean), "--language", "ko"]) == 0
    capsys.readouterr()
    events = icalendar.Calendar.from_ical(korean.read_text(encoding="utf-8")).walk("VEVENT")
    assert str(events[0]["SUMMARY"]).startswith("강의 1: ") and str(events[-1]["SUMMARY"]).startswith(
        "연말 시상식: "
    )
    report = tmp_path / "attendance.csv"
    assert main(["attendance-report", "--cohort", "2022", "--out", str(report)]) == 0
    assert capsys.readouterr().out.startswith("Wrote 40 participants (")
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert rows[0][-3:] == ["counted", "required", "phase1_complete"] and len(rows) == 41
    ji_woo = next(row for row in rows if row[1] == "participant@champions.example")
    assert ji_woo[3:] == ["present", "present", "late", "recording", "present", "present", "6", "5", "yes"]
    arabic = tmp_path / "attendance-ar.csv"
    assert main(["attendance-report", "--cohort", "2022", "--out", str(arabic), "--language", "ar"]) == 0
    capsys.readouterr()
    rows = list(csv.reader(io.StringIO(arabic.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] + rows[0][-3:] == [
        "الاسم",
        "البريد الإلكتروني",
        "البلد",
        "المحتسبة",
        "المطلوبة",
        "اكتملت المرحلة 1",
    ]
    ji_woo = next(row for row in rows if row[1] == "participant@champions.example")
    assert ji_woo[3:] == ["حاضر", "حاضر", "متأخر", "عبر التسجيل", "حاضر", "حاضر", "6", "5", "نعم"]


@pytest.mark.parametrize("command", ["calendar", "attendance-report"])
def test_calendar_and_report_refuse_an_unknown_cohort(engine, capsys, tmp_path, command):
    assert main([command, "--cohort", "1999", "--out", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err == "error: no cohort named '1999'\n"
    assert not (tmp_path / "x").exists()


EDITION_2027 = [
    "edition",
    "create",
    "--name",
    "2027",
    "--title",
    "Smart City Champions 2027",
    "--registration-opens",
    "2027-02-22",
    "--registration-closes",
    "2027-03-03",
    "--phase1-start",
    "2027-03-04",
    "--phase1-end",
    "2027-04-24",
    "--phase2-start",
    "2027-04-25",
    "--phase2-end",
    "2027-06-12",
    "--ceremony-date",
    "2027-12-09",
    "--ceremony-time",
    "15:00",
    "--ceremony-venue",
    "Seoul City Hall",
]
EDITION_2027_TEXT = [
    "Edition 2027: Smart City Champions 2027",
    "  status:        Registration opens 22 February 2027",
    "  registration:  22 February 2027 – 3 March 2027",
    "  Phase 1:       4 March 2027 – 24 April 2027",
    "  Phase 2:       25 April 2027 – 12 June 2027",
    "  ceremony:      Thu 9 Dec 2027, 15:00 KST · Hybrid (in person and online) · Seoul City Hall",
    "  eligibility:   Under 35 on 4 March 2027",
    "  capacity:      100 (waitlist: no limit)",
    "  teams:         3 to 5 members",
    "  Phase 1:       complete with 5 lectures; Phase 2 requires it",
    "  judging:       3 mentors per submission",
]


def test_edition_create_show_list_clone_archive(engine, capsys, monkeypatch):
    import champions.cli as cli

    class Today(date):
        @classmethod
        def today(cls):
            return date(2026, 12, 2)

    monkeypatch.setattr(cli, "date", Today)
    assert main(EDITION_2027) == 0
    assert capsys.readouterr().out.splitlines() == ["Created the 2027 edition.", *EDITION_2027_TEXT]
    assert main(["edition", "show", "2027"]) == 0
    assert capsys.readouterr().out.splitlines() == EDITION_2027_TEXT
    assert (
        main(["edition", "clone", "--from", "2027", "--name", "2028", "--title", "SCC 2028", "--weeks", "52"])
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "Created the 2028 edition from 2027, 52 weeks later.",
        "Edition 2028: SCC 2028",
        "  status:        Registration opens 21 February 2028",
    ]
    assert (
        out[6]
        == "  ceremony:      Thu 7 Dec 2028, 15:00 KST · Hybrid (in person and online) · Seoul City Hall"
    )
    assert main(["edition", "archive", "2027", "--reason", "Replaced by 2028"]) == 0
    assert capsys.readouterr().out == "Archived the 2027 edition: it is read-only now.\n"
    assert main(["edition", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{'2028':<12} {'SCC 2028':<40} Registration opens 21 February 2028",
        f"{'2027':<12} {'Smart City Champions 2027':<40} Archived (read-only)",
    ]


def test_edition_create_gives_each_reason_at_its_option_and_creates_nothing(engine, capsys):
    wrong = [*EDITION_2027]
    wrong[wrong.index("--phase2-start") + 1] = "2027-04-20"
    wrong[wrong.index("--title") + 1] = ""
    assert main([*wrong, "--min-age", "40"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: --title: Enter the edition's title.",
        "error: --phase2-start: Phase 2 must start after Phase 1 ends.",
        "error: --min-age: The minimum age must be below the age limit.",
    ]
    assert main(["edition", "list"]) == 0
    assert (
        capsys.readouterr().out == "No editions yet: create one with `python -m champions edition create`.\n"
    )


def test_edition_commands_name_a_missing_edition(engine, capsys):
    assert main(["edition", "show", "1999"]) == 2
    assert capsys.readouterr().err == "error: no cohort named '1999'\n"
    assert (
        main(["edition", "clone", "--from", "1999", "--name", "2000", "--title", "T", "--weeks", "52"]) == 2
    )


def _recommendation_world(session, password_hash):
    """The demo, with two members of 'Bridge the Gap' named in Korean and Arabic, and its
    recommendations' last version titled like a spreadsheet formula."""
    from datetime import timedelta

    from champions.models import Cohort, Team
    from champions.services.phase1.lectures import list_workshops
    from champions.services.phase2.recommendations import RecommendationFields, save_recommendation
    from champions.services.teams.teams import members_of

    seed_demo(session=session, password_hash=password_hash, today=date(2026, 11, 23))
    cohort = session.exec(select(Cohort).where(Cohort.name == "2022")).one()
    team = session.exec(select(Team).where(Team.cohort_id == cohort.id, Team.name == "Bridge the Gap")).one()
    first, second = members_of(session=session, team_id=team.id)[:2]
    first.full_name, second.full_name = "최유진", "نور الهدى"
    session.add_all([first, second])
    save_recommendation(
        session=session,
        user=first,
        cohort=cohort,
        fields=RecommendationFields('=HYPERLINK("https://x.example")', " ".join(["청년"] * 120), ("11.3",)),
        now=list_workshops(session=session, cohort_id=cohort.id)[-1].deadline - timedelta(hours=1),
    )
    session.commit()


def test_export_recommendations_writes_the_booklet_and_the_csv(
    engine, session, capsys, tmp_path, password_hash
):
    from tests.integration.services.awards.test_documents import pdf_text, printed

    _recommendation_world(session, password_hash)
    booklet = tmp_path / "booklet.pdf"
    assert main(["export-recommendations", "--cohort", "2022", "--format", "pdf", "--out", str(booklet)]) == 0
    size = booklet.stat().st_size
    assert capsys.readouterr().out == (
        f"Wrote the pdf export of cohort 2022's youth recommendations ({size:,} bytes) to {booklet}\n"
    )
    assert booklet.stat().st_mode & 0o777 == 0o600  # members' names: owner-only, as every export
    pages = pdf_text(booklet)
    assert pages[0] == (
        "Smart City Champions 2022 · Youth recommendations "
        "To advance the youth development agenda · 8 teams 1"
    )
    assert len(pages) == 9
    bridge = pages[1]
    assert bridge.startswith('=HYPERLINK("https://x.example") Bridge the Gap · Beyoğlu')
    # pdftotext joins a right-to-left run to the next name: split them before comparing words.
    spaced = re.sub(r"([\u0600-\u06ff])([A-Za-z])", r"\1 \2", bridge)
    assert printed("최유진", spaced) and printed("نور الهدى", spaced)
    assert "SDG 11 targets served 11.3 Inclusive and sustainable urbanization" in bridge
    assert bridge.replace(" ", "").count("청년") == 120
    table = tmp_path / "recommendations.csv"
    assert main(["export-recommendations", "--cohort", "2022", "--format", "csv", "--out", str(table)]) == 0
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    assert rows[0] == [
        "team",
        "city",
        "members",
        "title",
        "SDG 11 targets",
        "recommendations",
        "version",
        "saved (Seoul)",
    ]
    assert [row[0] for row in rows[1:]] == [
        "Bridge the Gap",
        "Clean Air Map",
        "Data for Dignity",
        "Green Shade",
        "Kids on Bikes",
        "Open Mobility Lab",
        "SafeSteps",
        "Silver Connect",
    ]
    assert rows[1][1] == "Beyoğlu" and rows[1][2].startswith("최유진; نور الهدى; ")
    assert rows[1][3] == '\'=HYPERLINK("https://x.example")'  # a formula stays text
    assert (rows[1][4], rows[1][6]) == ("11.3 Inclusive and sustainable urbanization", "2")
    assert rows[7][3:5] == [
        "SafeSteps: youth recommendations for Seoul",
        "11.2 Affordable and sustainable transport systems; "
        "11.7 Provide access to safe and inclusive green and public spaces",
    ]


def test_export_recommendations_refuses_an_unknown_cohort_and_an_empty_one(engine, cohort, capsys, tmp_path):
    out = tmp_path / "x.pdf"
    assert main(["export-recommendations", "--cohort", "1999", "--format", "pdf", "--out", str(out)]) == 2
    assert capsys.readouterr().err == "error: no cohort named '1999'\n"
    assert main(["export-recommendations", "--cohort", "2022", "--format", "csv", "--out", str(out)]) == 1
    assert (
        capsys.readouterr().err == "No team of Smart City Champions 2022 has written recommendations yet.\n"
    )
    assert not out.exists()


def test_verify_prints_what_the_page_shows_and_keys_generate_and_rotate(
    engine, session, capsys, password_hash, tmp_path, monkeypatch
):
    from champions.models import Credential

    assert seed_demo(session=session, password_hash=password_hash, today=date(2026, 11, 23))
    session.commit()
    credential = session.exec(select(Credential).where(Credential.kind == "TEAM_AWARD")).first()
    code = credential.code
    assert main(["verify", f"{code[:4].lower()}-{code[4:8]} {code[8:]}"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Status:  Valid",
        f"Holder:  {credential.holder_name}",
        f"Award:   {credential.award}",
        "Type:    Team award",
        f"Team:    {credential.team_name}",
        "Edition: Smart City Champions 2022",
        "Date:    8 December 2022",
        "Issuer:  World Smart Sustainable Cities Organization (WeGO)",
        f"Code:    {code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}",
    ]
    assert main(["verify", "A" * 16]) == 2
    assert capsys.readouterr().err.startswith("No certificate has this code.")

    monkeypatch.setenv("CHAMPIONS_KEYS_DIR", str(tmp_path / "keys"))
    assert main(["keys", "generate"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("Made the signing key ")
    assert main(["keys", "generate"]) == 1
    assert "use `keys rotate` to replace it" in capsys.readouterr().err
    assert main(["keys", "generate", "--if-missing"]) == 0
    assert capsys.readouterr().out.startswith("Kept the signing key ")
    assert main(["keys", "rotate"]) == 0
    assert "stays published, public half only" in capsys.readouterr().out
    assert len(list((tmp_path / "keys").glob("*.jwk"))) == 2
