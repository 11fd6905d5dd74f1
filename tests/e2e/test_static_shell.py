"""Every page's HTML is one static shell, the same bytes for everyone: what a person may see
arrives only through the state's events, which the authorization matrix checks role by role
(tests/e2e/test_authorization_matrix.py). Checked here against the suite's app, so the matrix
needs no frontend of its own and runs beside the browser tests."""

import urllib.request

import pytest

from champions.demo.seed import PARTICIPANT_EMAIL, SECRETARIAT_EMAIL
from tests.e2e.app_map import pages, path_of
from tests.e2e.helpers import session_token_for

pytestmark = pytest.mark.e2e

ACCOUNTS = (PARTICIPANT_EMAIL, "mentor1@champions.example", SECRETARIAT_EMAIL)


def _html(server, path: str, token: str = "") -> bytes:
    request = urllib.request.Request(server.url + path)
    if token:
        request.add_header("Cookie", f"champions_session={token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def test_every_page_is_the_same_static_html_for_every_role(server):
    tokens = [session_token_for(server, email) for email in ACCOUNTS]
    with server.session() as session:
        from sqlmodel import select

        from champions.models import User

        private = [
            text
            for user in session.exec(select(User).where(User.email.in_(ACCOUNTS)))
            for text in (user.email, user.full_name)
        ]
    differing, leaking = [], []
    for route in pages():
        path = path_of(route)
        anonymous = _html(server, path)
        if any(_html(server, path, token) != anonymous for token in tokens):
            differing.append(path)
        text = anonymous.decode("utf-8")
        leaking += [f"{path}: {value}" for value in private if value in text]
    assert differing == [], f"pages whose HTML depends on who asks: {differing}"
    assert leaking == [], leaking
