"""The Results page's server-built texts in the reader's language (English unchanged)."""

from types import SimpleNamespace

from champions.services.results.views import _agreement_words, _settings


def test_the_scoring_settings_in_english_korean_and_arabic():
    data = SimpleNamespace(aggregation="median", normalize=True, disagreement_threshold=15.0)
    assert _settings(data, "en") == (
        "Submission score: median over mentors, after per-mentor normalization. "
        "Disagreement is flagged above 15 points."
    )
    assert (
        _settings(data, "ko")
        == "제출물 점수: 멘토별 정규화 후 멘토 점수의 중앙값. 15점을 넘는 차이는 표시됩니다."
    )
    plain = SimpleNamespace(aggregation="mean", normalize=False, disagreement_threshold=12.5)
    assert (
        _settings(plain, "ar")
        == "درجة التسليم: المتوسط درجات الموجّهين. يُشار إلى الاختلاف الذي يتجاوز 12.5 نقطة."
    )


def test_the_agreement_in_words():
    assert _agreement_words(0.8) == "0.80 (excellent)"
    assert _agreement_words(0.5, "ko") == "0.50(보통)"
    assert _agreement_words(None, "ar") == "لا توجد تسليمات كافية لها درجتان أو أكثر"
