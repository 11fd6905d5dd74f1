"""Reflex configuration. Settings come from environment variables (see README)."""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from champions.components.first_paint import FirstPaintPlugin
from champions.components.i18n_build import TranslationsPlugin
from champions.components.theme import ChampionsThemePlugin

_origin = os.environ.get("CHAMPIONS_ORIGIN", "http://localhost:3000")

# One worker without Redis keeps its pages' states in memory (expired like Reflex's other
# managers). Reflex's default there pickles each state to files under .states after its
# events: disk work on the path of every event, for states nothing reads back (identity lives
# in the database and a page's state is rebuilt by its on_load events after a restart).
# With REFLEX_REDIS_URL, Reflex keeps them in Redis as before (several workers share them).
_state_manager = {} if os.environ.get("REFLEX_REDIS_URL") else {"state_manager_mode": "memory"}

config = rx.Config(
    app_name="champions",
    db_url=os.environ.get("REFLEX_DB_URL", "sqlite:///champions.db"),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # The app's own origin(s) only, never "*": comma-separated in CHAMPIONS_ALLOWED_ORIGINS.
    cors_allowed_origins=[
        origin.strip()
        for origin in os.environ.get("CHAMPIONS_ALLOWED_ORIGINS", _origin).split(",")
        if origin.strip()
    ],
    # Light only: assets/styles.css raises the light scales to WCAG AA contrast (README, Accessibility).
    # Only the colour scales the app uses are loaded (champions/components/theme.py).
    plugins=[
        ChampionsThemePlugin(
            theme=rx.theme(accent_color="teal", gray_color="sage", radius="medium", appearance="light")
        ),
        # The interface's texts in each language, one script module per language
        # (champions/components/i18n.py).
        TranslationsPlugin(),
        # Each prerendered page fetches the app's scripts once it is painted, not before
        # (champions/components/first_paint.py).
        FirstPaintPlugin(),
    ],
    disable_plugins=[SitemapPlugin],
    # The build keeps a brotli copy of every text asset beside the gzip one: the app serves the
    # smaller one the browser accepts (brotli: about a fifth less for the scripts).
    frontend_compression_formats=["brotli", "gzip"],
    **_state_manager,
)
