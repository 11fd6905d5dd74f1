"""The award exports in the asker's language and each certificate in its recipient's (issue
24): the CSV's and XLSX's headings, the ceremony list and certificates in Korean and Arabic
(read back by poppler's pdftotext), English left as it was."""

import csv
import io
import json
import os
import re
from pathlib import Path

from openpyxl import load_workbook
from sqlmodel import select

from champions.models import AwardExport, User
from champions.services.awards.decisions import finalized_entries
from champions.services.awards.documents import certificate_recipients
from champions.services.awards.exports import export_awards

from .conftest import finalize_with_formula_names
from .test_documents import pdf_text, printed

_WORDS = re.compile(r"[\u0621-\u064a\u064b-\u0652\u0670]+|[^\W\u0621-\u064a\u064b-\u0652\u0670]+")


def arabic_printed(text: str, page: str) -> bool:
    """Whether every word of the text is on the page, Arabic words and the others compared
    apart from the signs between them: in a mixed run poppler joins an Arabic word to the number
    beside it ("2022حفل") and moves commas and brackets across their neighbours."""
    return printed(" ".join(_WORDS.findall(text)), " ".join(_WORDS.findall(page)))


KO_FIELDS = ["상", "순위", "팀", "팀원 이름", "국가", "도시", "최종 점수", "메모"]
AR_FIELDS = [
    "الجائزة",
    "المرتبة",
    "الفريق",
    "أسماء الأعضاء",
    "البلدان",
    "المدينة",
    "النتيجة النهائية",
    "ملاحظة",
]


def _csv(session, cohort, secretariat, language):
    export = export_awards(
        session=session, cohort=cohort, fmt="csv", actor_id=secretariat.id, language=language
    )
    return list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))


def test_the_award_csv_in_the_askers_language(session, demo):
    cohort, secretariat = demo
    finalize_with_formula_names(session, cohort, secretariat)
    english = _csv(session, cohort, secretariat, "en")
    assert english[0] == ["award", "rank", "team", "member names", "countries", "city", "final score", "note"]
    korean = _csv(session, cohort, secretariat, "ko")
    arabic = _csv(session, cohort, secretariat, "ar")
    assert korean[0] == KO_FIELDS and arabic[0] == AR_FIELDS
    # The award names as the secretariat wrote them; the countries in the language (CLDR).
    assert [row[0] for row in korean[1:]] == [row[0] for row in english[1:]]
    assert "대한민국" in {c for row in korean[1:] for c in row[4].split(", ")}
    assert "Republic of Korea" not in korean[-1][4] and "South Korea" not in korean[-1][4]
    assert _csv(session, cohort, secretariat, "xx")[0] == english[0]  # an unknown language: English


def test_the_xlsx_in_another_language_is_made_and_kept_beside_the_english_one(session, demo, tmp_path):
    cohort, secretariat = demo
    finalize_with_formula_names(session, cohort, secretariat)
    english = export_awards(session=session, cohort=cohort, fmt="xlsx", actor_id=secretariat.id)
    korean = export_awards(session=session, cohort=cohort, fmt="xlsx", actor_id=secretariat.id, language="ko")
    (tmp_path / "ko.xlsx").write_bytes(korean.content)
    book = load_workbook(tmp_path / "ko.xlsx", read_only=True)
    assert book.sheetnames == ["시상", "팀", "참가자", "점수"]
    assert [c.value for c in next(book["시상"].iter_rows(max_row=1))] == KO_FIELDS
    header = [c.value for c in next(book["참가자"].iter_rows(max_row=1))]
    assert header == ["이름", "이메일", "국가", "지역", "팀", "인정된 강의 수", "1단계 이수", "수상"]
    rows = [[c.value for c in row] for row in book["참가자"].iter_rows(min_row=2)]
    assert {row[6] for row in rows} <= {"예", "아니요"}
    kept = dict(session.exec(select(AwardExport.fmt, AwardExport.content)).all())
    assert set(kept) == {"xlsx", "xlsx-ko"} and kept["xlsx"] == english.content
    again = export_awards(session=session, cohort=cohort, fmt="xlsx", actor_id=secretariat.id, language="ko")
    assert again.content == korean.content


def test_the_ceremony_list_in_korean_and_arabic(session, demo, tmp_path):
    cohort, secretariat = demo
    finalize_with_formula_names(session, cohort, secretariat)
    for language, first, rank in (
        ("ko", "Smart City Champions 2022 · 시상식 서울, 2022년 12월 8일", "1위 · 최종 점수 75.31"),
        ("ar", None, None),
    ):
        pdf = export_awards(
            session=session, cohort=cohort, fmt="pdf", actor_id=secretariat.id, language=language
        )
        (tmp_path / f"ceremony-{language}.pdf").write_bytes(pdf.content)
        pages = pdf_text(tmp_path / f"ceremony-{language}.pdf")
        if language == "ko":
            assert pages[0] == first and rank in pages[-1]
        else:
            assert arabic_printed(
                "Smart City Champions 2022 · حفل توزيع الجوائز سيول، 8 ديسمبر 2022", pages[0]
            )
            assert arabic_printed("المرتبة 1 · النتيجة النهائية 75.31", pages[-1])
        assert "Champion Team" in pages[-1]  # the award's name as written


def test_each_certificate_in_its_recipients_language(session, demo, tmp_path):
    cohort, secretariat = demo
    finalize_with_formula_names(session, cohort, secretariat)
    recipients = certificate_recipients(finalized_entries(session=session, cohort_id=cohort.id))
    entries = finalized_entries(session=session, cohort_id=cohort.id)
    # One member of the champion team reads Arabic, another Korean; the rest never chose.
    champion = entries[-1]
    members = [m for m in json.loads(champion.members) if m.get("user_id")]
    arabic_id, korean_id = members[0]["user_id"], members[1]["user_id"]
    for user_id, language in ((arabic_id, "ar"), (korean_id, "ko")):
        user = session.get(User, user_id)
        user.language = language
        session.add(user)
    session.flush()
    pdf = export_awards(session=session, cohort=cohort, fmt="certificates", actor_id=secretariat.id)
    path = tmp_path / "certificates.pdf"
    path.write_bytes(pdf.content)
    if os.environ.get("CHAMPIONS_KEEP_PDF"):
        Path(os.environ["CHAMPIONS_KEEP_PDF"]).write_bytes(pdf.content)
    pages = pdf_text(path)
    assert len(pages) == len(recipients)
    by_name = dict(zip((name for name, _ in recipients), pages))
    arabic, korean = by_name[members[0]["name"]], by_name[members[1]["name"]]
    for words in (
        "شهادة",
        "نشهد بأن",
        "قد نال جائزة",
        f"مع فريق {champion.team_name}",
        "المنظمة العالمية للمدن الذكية المستدامة (WeGO) · سيول، 8 ديسمبر 2022",
        "الأمين العام، WeGO",
        "تحقق من هذه الشهادة على",
    ):
        assert arabic_printed(words, arabic), words
    assert "Champion Team" in arabic and "Certificate" not in arabic
    assert korean.startswith("인증서 이 인증서는 다음 분이")
    for words in (
        "다음 상을 수상했음을 증명합니다 Champion Team",
        f"{champion.team_name} 팀과 함께",
        "세계스마트지속가능도시기구(WeGO) · 서울, 2022년 12월 8일",
        "WeGO 사무총장",
        "이 인증서 확인:",
    ):
        assert words in korean, words
    # Everyone else's page is in English, as before.
    others = [page for name, page in by_name.items() if name not in (members[0]["name"], members[1]["name"])]
    assert others and all(
        page.startswith("Certificate This certifies that") and "Seoul, 8 December 2022" in page
        for page in others
    )
