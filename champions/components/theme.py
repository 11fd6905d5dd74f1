"""The Radix Themes stylesheet, cut to the colours the app uses.

Radix's `styles.css` (684 KiB before compression, the largest file of a first visit) holds
the tokens of all 31 of its colour scales. Radix also ships the same stylesheet in parts
(`tokens/base.css`, one file per colour, `components.css`, `utilities.css`) for exactly this;
loading only the scales named here saves about 110 KiB before compression (about 20 KiB
over the network) on every first visit. A colour used in a page (`color_scheme=…`) and not
listed here would show uncoloured: tests/unit/components/test_theme.py checks the list
against every colour named in the source.
"""

import reflex as rx

# The accent (teal), the theme's gray (sage), Radix's plain gray, and the status colours.
THEME_COLORS = ("teal", "sage", "gray", "red", "green", "amber", "blue", "orange")


class ChampionsThemePlugin(rx.plugins.RadixThemesPlugin):
    """Radix Themes with only THEME_COLORS' colour tokens."""

    def get_stylesheet_paths(self, **context) -> tuple[str, ...]:
        if not self.enabled:
            return ()
        return (
            "@radix-ui/themes/tokens/base.css",
            *(f"@radix-ui/themes/tokens/colors/{color}.css" for color in THEME_COLORS),
            "@radix-ui/themes/components.css",
            "@radix-ui/themes/utilities.css",
        )
