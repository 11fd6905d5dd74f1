"""The theme's colours (assets/styles.css over Radix's light scales) meet WCAG 2.2 AA: text at
4.5:1 (1.4.3), control borders and focus rings at 3:1 (1.4.11, 2.4.7). Changing a colour back to
Radix's default fails here; the axe sweep (tests/e2e/test_accessibility.py) checks the pages."""

import re
from pathlib import Path

import pytest

STYLES = Path(__file__).resolve().parents[3] / "assets" / "styles.css"
WHITE = "#ffffff"
# Radix Colors' light steps 3-5, what soft buttons, badges and callouts sit on (rest, hover, pressed).
SOFT_BACKGROUNDS = {
    "teal": ["#e0f8f3", "#ccf3ea", "#b8eae0"],
    "green": ["#e6f6eb", "#d6f1df", "#c4e8d1"],
    "red": ["#feebec", "#ffdbdc", "#ffcdce"],
    "amber": ["#fff7c2", "#ffee9c", "#fbe577"],
    "blue": ["#e6f4fe", "#d5efff", "#c2e5ff"],
    "orange": ["#ffefd6", "#ffdfb5", "#ffd19a"],
}
WHITE_TEXT_ON_SOLID = ["teal", "green", "red", "blue", "orange"]  # amber's solid takes dark text


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def theme() -> dict[str, str]:
    selector = r":is\(:root, \.light, \.light-theme, \.radix-themes\)[^{]*"
    block = re.search(selector + r"\{([^}]*)\}", STYLES.read_text())
    assert block, "the contrast overrides are missing from assets/styles.css"
    return dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-f]{6})", block.group(1)))


def test_the_contrast_of_radix_defaults_is_what_the_overrides_fix():
    # The reason for the overrides, as axe measured it on the pages: 3.07:1 and 4.1:1.
    assert round(contrast(WHITE, "#12a594"), 2) == 3.07
    assert round(contrast("#008573", "#e0f8f3"), 2) == 4.10


@pytest.mark.parametrize("scale", SOFT_BACKGROUNDS)
def test_text_on_soft_backgrounds_and_white_is_at_least_4_5_to_1(scale):
    colours = theme()
    for step in ("11", "a11"):
        for background in [WHITE, *SOFT_BACKGROUNDS[scale]]:
            assert contrast(colours[f"{scale}-{step}"], background) >= 4.5, (scale, step, background)


@pytest.mark.parametrize("scale", WHITE_TEXT_ON_SOLID)
def test_white_text_on_solid_buttons_is_at_least_4_5_to_1(scale):
    colours = theme()
    for step in ("9", "10"):  # at rest and hovered
        assert contrast(WHITE, colours[f"{scale}-{step}"]) >= 4.5, (scale, step)


@pytest.mark.parametrize("scale", SOFT_BACKGROUNDS)
def test_borders_and_focus_rings_are_at_least_3_to_1(scale):
    colours = theme()
    for step in ("8", "a8"):
        for background in (WHITE, SOFT_BACKGROUNDS[scale][0]):
            assert contrast(colours[f"{scale}-{step}"], background) >= 3, (scale, step, background)


def test_field_borders_are_at_least_3_to_1_on_white():
    colours = theme()
    assert contrast(colours["sage-7"], WHITE) >= 3
    assert contrast(colours["sage-a7"], WHITE) >= 3


def test_the_focus_outline_and_skip_link_use_the_darkened_accent():
    css = STYLES.read_text()
    assert ":focus-visible { outline: 2px solid var(--accent-9);" in css
    assert contrast(WHITE, theme()["teal-9"]) >= 4.5


def test_the_theme_is_light_teal_on_sage():
    rxconfig = (STYLES.parents[1] / "rxconfig.py").read_text()
    assert 'accent_color="teal", gray_color="sage"' in rxconfig
    assert 'appearance="light"' in rxconfig  # the overrides cover the light scales only


def test_animations_stop_for_reduced_motion():
    css = STYLES.read_text()
    assert "@media (prefers-reduced-motion: reduce)" in css
    assert "animation-duration: 0.01ms !important" in css
