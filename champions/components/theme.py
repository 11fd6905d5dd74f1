"""The Radix Themes stylesheet, cut to the colours and components the app uses, and its
scripts kept to the components each page uses.

Radix's `styles.css` (684 KiB before compression, the largest file of a first visit) holds
the tokens of all 31 of its colour scales. Radix also ships the same stylesheet in parts
(`tokens/base.css`, one file per colour, `components.css`, `utilities.css`) for exactly this;
loading only the scales named here saves about 110 KiB before compression (about 20 KiB
over the network) on every first visit. A colour used in a page (`color_scheme=…`) and not
listed here would show uncoloured: tests/unit/components/test_theme.py checks the list
against every colour named in the source.

Radix's `components.css` (430 KB before compression) styles all of its components; a PostCSS
plugin added to the build (`radix_components_css.js`, beside this file) keeps the rules of the
components the compiled pages import and of those they render in turn.

Reflex also "bundles" a plugin's frontend dependencies for components sent from the backend at
run time: the app's root imported the whole of `@radix-ui/themes` (every component and every
Radix primitive behind them) into the script every page loads first. The app sends no
components from the backend, so this plugin declares no dependency: the package is still
installed (the components' own imports name it) and each page's script imports what it uses.
"""

import re
from pathlib import Path

import reflex as rx

# The accent (teal), the theme's gray (sage), Radix's plain gray, and the status colours.
THEME_COLORS = ("teal", "sage", "gray", "red", "green", "amber", "blue", "orange")


class ChampionsThemePlugin(rx.plugins.RadixThemesPlugin):
    """Radix Themes with only THEME_COLORS' colour tokens and the used components' styles,
    and no bundling of the whole package into the first script."""

    def get_stylesheet_paths(self, **context) -> tuple[str, ...]:
        if not self.enabled:
            return ()
        return (
            "@radix-ui/themes/tokens/base.css",
            *(f"@radix-ui/themes/tokens/colors/{color}.css" for color in THEME_COLORS),
            "@radix-ui/themes/components.css",
            "@radix-ui/themes/utilities.css",
        )

    def get_frontend_dependencies(self, **context) -> tuple[str, ...]:
        return ()

    def pre_compile(self, **context) -> None:
        if not self.enabled:
            return
        context["add_save_task"](lambda: (POSTCSS_PLUGIN, POSTCSS_PLUGIN_SOURCE.read_text(encoding="utf-8")))
        context["add_modify_task"]("postcss.config.js", with_components_css_plugin)


# The PostCSS plugin's file in .web, and its source here.
POSTCSS_PLUGIN = "radix_components_css.js"
POSTCSS_PLUGIN_SOURCE = Path(__file__).with_name(POSTCSS_PLUGIN)


def with_components_css_plugin(config: str) -> str:
    """Reflex's postcss.config.js with the plugin listed first among its plugins (it runs once
    the stylesheet's imports are read in, whatever its place)."""
    entry = f'"./{POSTCSS_PLUGIN}": {{}},'
    if entry in config:
        return config
    updated, found = re.subn(r"plugins:\s*\{", lambda m: m.group(0) + "\n    " + entry, config, count=1)
    if not found:
        raise ValueError("postcss.config.js has no `plugins: {`: cannot add the Radix components filter")
    return updated
