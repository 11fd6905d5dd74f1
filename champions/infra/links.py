"""Web addresses people type into forms: only http(s) links with a host are kept, so a
`javascript:` or `data:` link never reaches a page."""

import os
import re

_WEB_ADDRESS = re.compile(r"\Ahttps?://[^\s/?#]+\.[^\s/?#]+[^\s]*\Z", re.IGNORECASE)  # \Z: no final "\n"
MAX_LINK_LENGTH = 500


def is_web_address(value: str) -> bool:
    return len(value) <= MAX_LINK_LENGTH and bool(_WEB_ADDRESS.match(value))


def app_origin() -> str:
    """The app's public address (CHAMPIONS_ORIGIN), which the links it sends start with."""
    return os.environ.get("CHAMPIONS_ORIGIN", "http://localhost:3000").rstrip("/")
