"""The Radix stylesheet is cut to the colour scales the app names (champions/components/theme.py):
every colour a page asks for must be among them, or it would show uncoloured."""

import re
from pathlib import Path

import pytest

from champions.components.theme import (
    POSTCSS_PLUGIN_SOURCE,
    THEME_COLORS,
    ChampionsThemePlugin,
    with_components_css_plugin,
)

ROOT = Path(__file__).resolve().parents[3]
RADIX_COLORS = [
    "tomato",
    "red",
    "ruby",
    "crimson",
    "pink",
    "plum",
    "purple",
    "violet",
    "iris",
    "indigo",
    "blue",
    "cyan",
    "teal",
    "jade",
    "green",
    "grass",
    "brown",
    "orange",
    "sky",
    "mint",
    "lime",
    "yellow",
    "amber",
    "gold",
    "bronze",
    "gray",
    "mauve",
    "slate",
    "sage",
    "olive",
    "sand",
]


def colours_named_in(text: str) -> set[str]:
    """Radix colour names written as string literals (color_scheme="red", rx.match(..., "green"),
    accent_color="teal", STATUS_COLORS = {...}), and var(--name-N) references in CSS."""
    quoted = set(re.findall(r"[\"']([a-z]+)[\"']", text))
    referenced = set(re.findall(r"--([a-z]+)-a?\d+", text))
    return (quoted | referenced) & set(RADIX_COLORS)


def test_every_colour_the_source_names_is_loaded():
    named = set()
    for path in [*(ROOT / "champions").rglob("*.py"), ROOT / "rxconfig.py", ROOT / "assets" / "styles.css"]:
        if path.name != "theme.py":
            named |= colours_named_in(path.read_text(encoding="utf-8"))
    assert named, "no colour found: the scan is broken"
    assert named <= set(THEME_COLORS), f"named in the source, not loaded: {sorted(named - set(THEME_COLORS))}"


def test_a_colour_that_is_not_loaded_is_found_by_the_scan():
    assert colours_named_in('rx.badge("x", color_scheme="violet")') == {"violet"}
    assert colours_named_in("color: var(--crimson-a11);") == {"crimson"}


def test_the_stylesheets_are_radix_parts_base_colours_components_utilities():
    paths = ChampionsThemePlugin().get_stylesheet_paths()
    assert paths[0] == "@radix-ui/themes/tokens/base.css"
    assert paths[1:-2] == tuple(f"@radix-ui/themes/tokens/colors/{c}.css" for c in THEME_COLORS)
    assert paths[-2:] == ("@radix-ui/themes/components.css", "@radix-ui/themes/utilities.css")
    assert ChampionsThemePlugin(enabled=False).get_stylesheet_paths() == ()


REFLEX_POSTCSS_CONFIG = """const noVendorPrefix = /^(1|true|y|yes)$/i.test(
  process.env.REFLEX_NO_AUTOPREFIXER ?? "",
);

export default {
  plugins: {
    "postcss-import": {},
    autoprefixer: noVendorPrefix ? false : {},
  },
};
"""


def test_the_components_filter_is_listed_first_among_the_build_s_postcss_plugins_once():
    config = with_components_css_plugin(REFLEX_POSTCSS_CONFIG)
    assert config == REFLEX_POSTCSS_CONFIG.replace(
        "plugins: {\n", 'plugins: {\n    "./radix_components_css.js": {},\n'
    )
    assert with_components_css_plugin(config) == config  # a second compile adds nothing


def test_a_postcss_config_of_another_shape_stops_the_build():
    with pytest.raises(ValueError, match=re.escape("no `plugins: {`")):
        with_components_css_plugin("export default {plugins: []};")


def test_the_plugin_declares_no_frontend_dependency_for_reflex_to_bundle_whole():
    # Reflex imports a plugin's dependencies whole into the first script for components sent
    # from the backend; the package is installed through the components' own imports.
    assert ChampionsThemePlugin().get_frontend_dependencies() == ()
    assert POSTCSS_PLUGIN_SOURCE.is_file()
