"""Reflex configuration. Settings come from REFLEX_* environment variables (see README)."""

import os

import reflex as rx

_origin = os.environ.get("CHAMPIONS_ORIGIN", "http://localhost:3000")

config = rx.Config(
    app_name="champions",
    db_url=os.environ.get("REFLEX_DB_URL", "sqlite:///champions.db"),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=["reflex.plugins.sitemap.SitemapPlugin"],
    # The app's own origin(s) only, never "*": comma-separated in CHAMPIONS_ALLOWED_ORIGINS.
    cors_allowed_origins=[
        origin.strip()
        for origin in os.environ.get("CHAMPIONS_ALLOWED_ORIGINS", _origin).split(",")
        if origin.strip()
    ],
)
