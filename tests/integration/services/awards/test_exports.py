"""Award exports of the demo cohort of 2022, read back by an independent reader (csv, openpyxl,
LibreOffice), and the `export-awards` command."""

import csv
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from champions.cli import main
from champions.infra.reasons import RuleViolation
from champions.models import Application, ApplicationStatus, AuditEntry, AwardEntry, AwardExport, User
from champions.services.accounts.personal_data import delete_account
from champions.services.awards.decisions import finalize_awards, finalized_entries, unlock_awards
from champions.services.awards.exports import export_awards

from .conftest import FORMULA, NOW, SCRIPTS, finalize_with_formula_names, reasons


def test_csv_export_one_row_per_recipient_in_every_script_with_formulas_neutralized(session, demo):
    cohort, secretariat = demo
    finalize_with_formula_names(session, cohort, secretariat)
    export = export_awards(session=session, cohort=cohort, fmt="csv", actor_id=secretariat.id)
    assert export.filename == "awards-2022.csv" and export.media_type == "text/csv"
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    entries = finalized_entries(session=session, cohort_id=cohort.id)
    assert len(rows) == len(entries)
    champion = rows[-1]
    assert (
        champion["award"] == "Champion Team" and champion["rank"] == "1" and champion["team"] == "Green Shade"
    )
    assert champion["member names"].startswith("'" + FORMULA)
    assert champion["city"] == '\'=HYPERLINK("http://evil.example")'
    assert float(champion["final score"]) == pytest.approx(75.31, abs=0.01)
    text = export.content.decode("utf-8")
    for script, name in SCRIPTS.items():
        assert name in text, script
    assert (
        session.exec(select(AuditEntry).where(AuditEntry.action == "awards_exported")).first().actor_id
        == secretariat.id
    )


def test_xlsx_export_sheets_frozen_header_numbers_and_text(session, demo, tmp_path):
    cohort, secretariat = demo
    finalize_with_formula_names(session, cohort, secretariat)
    export = export_awards(session=session, cohort=cohort, fmt="xlsx", actor_id=secretariat.id)
    path = tmp_path / export.filename
    path.write_bytes(export.content)
    book = load_workbook(path)
    assert book.sheetnames == ["Awards", "Teams", "Participants", "Scores"]
    awards = book["Awards"]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    assert [c.value for c in awards[1]] == [
        "award",
        "rank",
        "team",
        "member names",
        "countries",
        "city",
        "final score",
        "note",
    ]
    assert awards.column_dimensions["D"].width > 20
    last = [c for c in awards[awards.max_row]]
    assert last[0].value == "Champion Team" and last[1].value == 1 and last[1].data_type == "n"
    assert isinstance(last[6].value, float) and last[6].value == pytest.approx(75.31, abs=0.01)
    assert last[3].value.startswith(FORMULA) and last[3].data_type == "s"  # text, not a formula
    assert last[5].value == '=HYPERLINK("http://evil.example")' and last[5].data_type == "s"
    assert awards.max_row - 1 == len(finalized_entries(session=session, cohort_id=cohort.id))
    teams = book["Teams"]
    assert teams.max_row == 1 + 8 and [c.value for c in teams[2]][:3] == [1, None, "Green Shade"]
    participants = book["Participants"]
    accepted = session.exec(
        select(Application).where(
            Application.cohort_id == cohort.id, Application.status == ApplicationStatus.ACCEPTED
        )
    ).all()
    assert participants.max_row == 1 + len(accepted) == 41
    names = {row[0] for row in participants.iter_rows(min_row=2, values_only=True)}
    assert set(SCRIPTS.values()) <= names
    scores = book["Scores"]
    assert scores.max_row == 1 + 8 * 3 and all(
        isinstance(r[3], float) for r in scores.iter_rows(min_row=2, values_only=True)
    )
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (make test installs it)")
    out = tmp_path / "converted"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader(io.StringIO((out / "awards-2022.csv").read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["award", "rank", "team"] and rows[-1][:3] == ["Champion Team", "1", "Green Shade"]
    assert rows[-1][3].startswith(FORMULA)  # LibreOffice read it as text, too
    text = "\n".join(",".join(r) for r in rows)
    for script, name in SCRIPTS.items():
        assert name in text, script


def test_exports_need_a_finalized_list_and_the_command_writes_each_format(session, demo, tmp_path, capsys):
    cohort, secretariat = demo
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    for fmt in ("csv", "xlsx", "pdf", "certificates"):
        assert main(["export-awards", "--cohort", "2022", "--format", fmt, "--out", str(tmp_path)]) == 0
        printed = capsys.readouterr().out
        assert f"Wrote the {fmt} export of cohort 2022's award list" in printed and str(tmp_path) in printed
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "awards-2022.csv",
        "awards-2022.pdf",
        "awards-2022.xlsx",
        "certificates-2022.pdf",
    ]
    korean = tmp_path / "ko.csv"
    assert (
        main(
            ["export-awards", "--cohort", "2022", "--format", "csv", "--out", str(korean), "--language", "ko"]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        korean.read_bytes()
        .decode("utf-8-sig")
        .startswith("상,순위,팀,팀원 이름,국가,도시,최종 점수,메모\r\n")
    )
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="One more change.")
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        export_awards(session=session, cohort=cohort, fmt="csv", actor_id=secretariat.id)
    assert reasons(refused) == ["Finalize the award list before exporting it."]
    assert (
        main(["export-awards", "--cohort", "2022", "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 1
    )
    assert capsys.readouterr().err.strip() == "Finalize the award list before exporting it."
    assert main(["export-awards", "--cohort", "nope", "--format", "csv", "--out", str(tmp_path)]) == 2
    assert not (tmp_path / "x.csv").exists()
    assert session.exec(select(AwardEntry)).all() == []


def _participant_rows(content: bytes, tmp_path) -> list[list]:
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    return [[c.value for c in row] for row in load_workbook(path)["Participants"].iter_rows()]


def test_the_xlsx_is_made_at_finalization_and_kept_until_the_list_is_unlocked(session, demo, tmp_path):
    cohort, secretariat = demo
    finalize_with_formula_names(session, cohort, secretariat)
    kept = session.exec(select(AwardExport).where(AwardExport.cohort_id == cohort.id)).all()
    assert [k.fmt for k in kept] == ["xlsx"]
    first = export_awards(session=session, cohort=cohort, fmt="xlsx", actor_id=secretariat.id)
    assert first.content == kept[0].content
    # A name changed after finalization: the kept workbook still says what was finalized.
    rows = _participant_rows(first.content, tmp_path)
    person = session.exec(select(User).where(User.full_name == FORMULA)).one()
    person.full_name = "Renamed Later"
    session.add(person)
    session.flush()
    again = export_awards(session=session, cohort=cohort, fmt="xlsx", actor_id=secretariat.id)
    assert again.content == first.content
    assert any(row[0] == FORMULA for row in rows) and not any(row[0] == "Renamed Later" for row in rows)
    # Unlocking drops it; so does a participant deleting their account (the workbook holds their
    # email), and the next export makes it again without them.
    unlock_awards(session=session, actor=secretariat, cohort=cohort, reason="One more change.")
    assert session.exec(select(AwardExport).where(AwardExport.cohort_id == cohort.id)).all() == []

    finalize_awards(session=session, actor=secretariat, cohort=cohort, now=NOW)
    email = person.email
    assert any(
        row[1] == email
        for row in _participant_rows(
            export_awards(session=session, cohort=cohort, fmt="xlsx", actor_id=secretariat.id).content,
            tmp_path,
        )
    )
    delete_account(session=session, user_id=person.id)
    assert session.exec(select(AwardExport).where(AwardExport.cohort_id == cohort.id)).all() == []
    remade = export_awards(session=session, cohort=cohort, fmt="xlsx", actor_id=secretariat.id)
    assert not any(row[1] == email for row in _participant_rows(remade.content, tmp_path))
    assert session.exec(select(AwardExport.fmt).where(AwardExport.cohort_id == cohort.id)).all() == ["xlsx"]
