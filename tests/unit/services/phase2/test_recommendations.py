"""The youth recommendations form: title, 100 to 1,000 words, the SDG 11 targets served."""

import pytest

from champions.services.phase2.recommendations import (
    SDG11_TARGETS,
    RecommendationFields,
    check_recommendation,
    target_codes,
    target_label,
)

WORDS = " ".join(["youth"] * 150)


def test_the_sdg11_targets_with_their_official_short_titles():
    assert list(SDG11_TARGETS) == [
        "11.1", "11.2", "11.3", "11.4", "11.5", "11.6", "11.7", "11.a", "11.b", "11.c",
    ]  # fmt: skip
    assert target_label("11.2") == "11.2 Affordable and sustainable transport systems"
    assert target_label("11.7") == "11.7 Provide access to safe and inclusive green and public spaces"
    assert (
        target_label("11.c") == "11.c Support least developed countries in sustainable and resilient building"
    )


def test_the_form_keeps_the_ticked_targets_in_the_official_order():
    fields = RecommendationFields.from_form(
        {
            "title": "  Safer nights ",
            "body": WORDS,
            "target_11_7": "on",
            "target_11_2": True,
            "target_99": "on",
        }
    )
    assert fields == RecommendationFields("Safer nights", WORDS, ("11.2", "11.7"))
    assert RecommendationFields.from_form("not a form") == RecommendationFields()
    assert target_codes("11.7,11.2,nonsense") == ["11.2", "11.7"]


@pytest.mark.parametrize(
    "fields, errors",
    [
        (RecommendationFields("T", WORDS, ("11.1",)), {}),
        (RecommendationFields("T", " ".join(["w"] * 100), ("11.1",)), {}),
        (RecommendationFields("T", " ".join(["w"] * 1000), ("11.1",)), {}),
        (RecommendationFields("", WORDS, ("11.1",)), {"title": "Give your recommendations a title."}),
        (RecommendationFields("x" * 201, WORDS, ("11.1",)), {"title": "Use at most 200 characters."}),
        (
            RecommendationFields("T", " ".join(["w"] * 99), ("11.1",)),
            {"body": "Write at least 100 words (you wrote 99)."},
        ),
        (
            RecommendationFields("T", " ".join(["w"] * 1001), ("11.1",)),
            {"body": "Keep it to 1,000 words (you wrote 1,001)."},
        ),
        (
            RecommendationFields("T", WORDS, ()),
            {"targets": "Tick the SDG 11 targets your recommendations serve."},
        ),
        (RecommendationFields("T", WORDS, ("12.1",)), {"targets": "Choose targets from the list."}),
        # Words in any script count alike.
        (RecommendationFields("청년 제안", " ".join(["청년"] * 120), ("11.3",)), {}),
    ],
)
def test_each_rule_gives_its_reason(fields, errors):
    assert {r.field: r.message for r in check_recommendation(fields)} == errors
