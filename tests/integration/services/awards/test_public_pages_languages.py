"""The public certificate check and winners pages in the viewer's language: the language
cookie, else Accept-Language; English otherwise, as before."""

import pytest
from starlette.testclient import TestClient

from champions.models import CredentialKind
from champions.routes import api
from champions.services.awards.credentials import grouped
from champions.services.registration.cohorts import ceremony_start
from champions.state.language import LANGUAGE_COOKIE

from .test_credentials import credentials

ORIGIN = "https://champions.example"


@pytest.fixture(autouse=True)
def origin(monkeypatch):
    monkeypatch.setenv("CHAMPIONS_ORIGIN", ORIGIN)


def test_the_verification_page_speaks_korean_by_accept_language_and_arabic_by_cookie(session, demo):
    credential = credentials(session, kind=CredentialKind.TEAM_AWARD)[0]
    session.commit()
    client = TestClient(api)
    korean = client.get(f"/verify/{credential.code}", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8"})
    assert korean.status_code == 200
    assert '<html lang="ko" dir="ltr">' in korean.text
    assert "<title>증서 확인 · Smart City Champions</title>" in korean.text
    assert "<h1>증서 확인</h1>" in korean.text
    assert (
        "<p class='status valid'>유효함: 이 증서는 World Smart Sustainable Cities Organization (WeGO)에서 "
        "발급했습니다.</p>"
    ) in korean.text
    assert "<dt>종류</dt><dd>팀상</dd>" in korean.text
    assert "<dt>날짜</dt><dd>2022년 12월 8일</dd>" in korean.text
    assert f"<dt>코드</dt><dd>{grouped(credential.code)}</dd>" in korean.text

    client.cookies.set(LANGUAGE_COOKIE, "ar")
    arabic = client.get(f"/verify/{credential.code}", headers={"Accept-Language": "ko"})
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert "<h1>التحقق من شهادة</h1>" in arabic.text
    assert "<dt>التاريخ</dt><dd>8 ديسمبر 2022</dd>" in arabic.text
    unknown = client.get("/verify/AAAAAAAAAAAAAAAA")
    assert unknown.status_code == 404
    assert (
        "<p>لا توجد شهادة بهذا الرمز. تحقّق من الرمز المطبوع أسفل رمز QR في الشهادة (16 حرفًا ورقمًا).</p>"
    ) in unknown.text

    english = TestClient(api).get(f"/verify/{credential.code}")
    assert '<html lang="en" dir="ltr">' in english.text
    assert "<h1>Verify a certificate</h1>" in english.text
    assert "<dt>Type</dt><dd>Team award</dd>" in english.text
    assert "<dt>Date</dt><dd>8 December 2022</dd>" in english.text


def test_the_winners_page_speaks_the_browsers_language(session, demo, monkeypatch):
    cohort, _ = demo
    session.commit()
    from champions.services.awards import sharing

    monkeypatch.setattr(sharing, "utcnow", lambda: ceremony_start(cohort))
    client = TestClient(api)
    korean = client.get("/winners/2022", headers={"Accept-Language": "ko"})
    assert korean.status_code == 200
    assert korean.headers["vary"] == "Accept-Language, Cookie"
    assert '<html lang="ko" dir="ltr">' in korean.text
    assert "<h1>Smart City Champions 2022 수상자</h1>" in korean.text
    assert "<p>2022년 12월 8일 서울에서 열린 시상식에서 수상했습니다.</p>" in korean.text
    client.cookies.set(LANGUAGE_COOKIE, "ar")
    arabic = client.get("/winners/1999")
    assert arabic.status_code == 404
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert "<h1>الفائزون</h1>" in arabic.text
    english = TestClient(api).get("/winners/2022")
    assert "<h1>Winners of Smart City Champions 2022</h1>" in english.text
    assert "<p>Recognized at the award ceremony on 8 December 2022, Seoul.</p>" in english.text
