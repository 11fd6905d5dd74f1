"""Youth recommendations against a migrated database: versions by team members before the
final workshop's deadline (an extension there counts), what the team page and the mentors
reading the final submission see, and the booklet's entries."""

from datetime import timedelta

import pytest
from sqlmodel import select

from champions.infra.reasons import RuleViolation
from champions.models import AuditEntry, RecommendationVersion, Workshop
from champions.services.phase2.booklet import export_recommendations
from champions.services.phase2.recommendations import (
    RecommendationFields,
    cohort_recommendations,
    counted_recommendation,
    save_recommendation,
)
from champions.services.phase2.views import team_page
from champions.services.phase2.workshops import grant_extension

from .conftest import DEADLINE, OPENS

BODY = " ".join(["inclusion"] * 120)
FINAL_DEADLINE = DEADLINE + timedelta(days=30)


@pytest.fixture
def final(session, cohort, workshop) -> Workshop:
    """A second workshop, the final one: its deadline closes the recommendations."""
    made = Workshop(
        cohort_id=cohort.id,
        position=2,
        title="Final pitch",
        brief="",
        opens_at=OPENS + timedelta(days=20),
        deadline=FINAL_DEADLINE,
    )
    session.add(made)
    session.commit()
    return made


def fields(title="Safer nights", body=BODY, targets=("11.2", "11.7")) -> RecommendationFields:
    return RecommendationFields(title, body, targets)


def test_members_save_versions_and_the_last_before_the_deadline_counts(
    session, cohort, team, completers, final, secretariat
):
    first = save_recommendation(
        session=session,
        user=completers[0],
        cohort=cohort,
        fields=fields(),
        now=FINAL_DEADLINE - timedelta(days=2),
    )
    second = save_recommendation(
        session=session,
        user=completers[1],
        cohort=cohort,
        fields=fields(title="Safer nights, revised", targets=("11.7",)),
        now=FINAL_DEADLINE,
    )
    session.commit()
    assert [(v.number, v.title, v.targets) for v in (first, second)] == [
        (1, "Safer nights", "11.2,11.7"),
        (2, "Safer nights, revised", "11.7"),
    ]
    assert counted_recommendation(session=session, team=team).id == second.id
    with pytest.raises(RuleViolation) as error:
        save_recommendation(
            session=session,
            user=completers[0],
            cohort=cohort,
            fields=fields(),
            now=FINAL_DEADLINE + timedelta(seconds=1),
        )
    assert str(error.value) == "The final workshop's deadline has passed; recommendations are closed."
    # An extension of the final workshop reopens them for that team.
    grant_extension(
        session=session,
        actor=secretariat,
        team_id=team.id,
        workshop_id=final.id,
        deadline=FINAL_DEADLINE + timedelta(days=1),
        reason="Travel to the ceremony",
    )
    third = save_recommendation(
        session=session,
        user=completers[2],
        cohort=cohort,
        fields=fields(title="Third"),
        now=FINAL_DEADLINE + timedelta(hours=1),
    )
    session.commit()
    assert third.number == 3 and counted_recommendation(session=session, team=team).title == "Third"
    audited = session.exec(select(AuditEntry).where(AuditEntry.action == "recommendations_saved")).all()
    assert [entry.actor_id for entry in audited] == [completers[0].id, completers[1].id, completers[2].id]


@pytest.mark.parametrize(
    "who, changes, errors",
    [
        (3, {}, {"": "Only members of a Phase 2 team write recommendations."}),
        (0, {"body": "too short"}, {"body": "Write at least 100 words (you wrote 2)."}),
        (0, {"targets": ()}, {"targets": "Tick the SDG 11 targets your recommendations serve."}),
    ],
)
def test_refusals_save_nothing(session, cohort, team, completers, final, who, changes, errors):
    with pytest.raises(RuleViolation) as error:
        save_recommendation(
            session=session,
            user=completers[who],
            cohort=cohort,
            fields=RecommendationFields(**{**fields().__dict__, **changes}),
            now=FINAL_DEADLINE - timedelta(days=1),
        )
    assert error.value.by_field() == errors
    session.rollback()
    assert session.exec(select(RecommendationVersion)).all() == []


def test_a_cohort_without_workshops_has_no_recommendations_yet(session, cohort, team, completers):
    with pytest.raises(RuleViolation) as error:
        save_recommendation(session=session, user=completers[0], cohort=cohort, fields=fields(), now=OPENS)
    assert str(error.value) == "The workshops of this edition are not set yet."


def test_the_team_page_shows_the_latest_version_to_edit_and_every_version(
    session, cohort, team, completers, final
):
    save_recommendation(
        session=session,
        user=completers[0],
        cohort=cohort,
        fields=fields(),
        now=FINAL_DEADLINE - timedelta(days=2),
    )
    session.commit()
    card = team_page(
        session=session, user_id=completers[1].id, zone="Asia/Seoul", now=FINAL_DEADLINE - timedelta(days=1)
    ).recommendations
    assert (card.deadline, card.can_save, card.closed_reason) == ("Fri 10 Jun 2022, 18:00 KST", "yes", "")
    assert (card.title, card.body, card.targets) == ("Safer nights", BODY, ["11.2", "11.7"])
    [line] = card.versions
    assert (line.number, line.targets, line.words, line.when, line.by, line.counted) == (
        "1",
        "11.2, 11.7",
        "120 words",
        "Wed 8 Jun 2022, 18:00 KST",
        "Person 00",
        "the version that counts",
    )
    after = team_page(
        session=session, user_id=completers[1].id, zone="Asia/Seoul", now=FINAL_DEADLINE + timedelta(days=1)
    ).recommendations
    assert (after.can_save, after.closed_reason) == (
        "",
        "The final workshop's deadline has passed; recommendations are closed.",
    )


def test_the_booklet_lists_each_team_s_counted_version(session, cohort, team, completers, final, secretariat):
    with pytest.raises(RuleViolation) as error:
        export_recommendations(session=session, cohort=cohort, fmt="csv", actor_id=secretariat.id)
    assert str(error.value) == "No team of Smart City Champions 2022 has written recommendations yet."
    save_recommendation(
        session=session,
        user=completers[0],
        cohort=cohort,
        fields=fields(),
        now=FINAL_DEADLINE - timedelta(days=2),
    )
    save_recommendation(
        session=session,
        user=completers[0],
        cohort=cohort,
        fields=fields(title="Too late"),
        now=FINAL_DEADLINE - timedelta(days=1),
    )
    session.commit()
    [entry] = cohort_recommendations(session=session, cohort=cohort)
    assert (entry.team, entry.title, entry.version, entry.members) == (
        "T",
        "Too late",
        2,
        ["Person 00", "Person 01", "Person 02"],
    )
    made = export_recommendations(session=session, cohort=cohort, fmt="csv", actor_id=secretariat.id)
    assert (made.filename, made.media_type) == ("recommendations-2022.csv", "text/csv")
    with pytest.raises(RuleViolation) as error:
        export_recommendations(session=session, cohort=cohort, fmt="docx", actor_id=secretariat.id)
    assert error.value.by_field() == {"format": "Choose PDF or CSV."}
    exported = session.exec(select(AuditEntry).where(AuditEntry.action == "recommendations_exported")).one()
    assert exported.actor_id == secretariat.id


def test_the_booklet_in_the_askers_language(session, cohort, team, completers, final, secretariat, tmp_path):
    import csv
    import io
    import shutil
    import subprocess

    save_recommendation(
        session=session,
        user=completers[0],
        cohort=cohort,
        fields=fields(),
        now=FINAL_DEADLINE - timedelta(days=2),
    )
    session.commit()
    rows = {}
    for language in ("en", "ko", "ar"):
        made = export_recommendations(
            session=session, cohort=cohort, fmt="csv", actor_id=secretariat.id, language=language
        )
        rows[language] = list(csv.reader(io.StringIO(made.content.decode("utf-8-sig"))))
    assert rows["en"][0] == [
        "team",
        "city",
        "members",
        "title",
        "SDG 11 targets",
        "recommendations",
        "version",
        "saved (Seoul)",
    ]
    assert (
        rows["en"][1][4] == "11.2 Affordable and sustainable transport systems; 11.7 Provide access to safe "
        "and inclusive green and public spaces"
    )
    assert rows["ko"][0] == [
        "팀",
        "도시",
        "팀원",
        "제목",
        "SDG 11 세부 목표",
        "정책 제언",
        "버전",
        "저장 시각(서울)",
    ]
    assert (
        rows["ko"][1][4]
        == "11.2 저렴하고 지속 가능한 교통 체계; 11.7 안전하고 포용적인 녹지와 공공 공간 제공"
    )
    assert rows["ar"][0][:2] == ["الفريق", "المدينة"] and rows["ar"][1][3] == "Safer nights"
    assert shutil.which("pdftotext")
    pdf = export_recommendations(
        session=session, cohort=cohort, fmt="pdf", actor_id=secretariat.id, language="ko"
    )
    (tmp_path / "ko.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "ko.pdf"), "-"], capture_output=True, check=True
    ).stdout
    words = " ".join(text.decode("utf-8").split())
    assert "2022 · 청년 정책 제언" in words and "청년 발전 의제를 위하여 · 1개 팀" in words
    assert "11.2 저렴하고 지속 가능한 교통 체계" in words
