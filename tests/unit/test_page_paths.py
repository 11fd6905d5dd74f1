"""Pages answered at their own address (`/register`), with no redirect to `/register/` first,
by the app's own server of its build: the same files nginx's `try_files $uri $uri.html` serves."""

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from champions.page_paths import page_file, pages_at_their_address


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """A build's folder as Reflex writes it: each route as name.html and name/index.html."""
    for name, text in {
        "index.html": "landing",
        "register.html": "register page",
        "register/index.html": "register page",
        "secretariat/judging.html": "judging page",
        "secretariat/judging/index.html": "judging page",
        "404.html": "not found",
        "assets/root-Dd4J8_xY.js": "script",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/register", "/register.html"),
        ("/secretariat/judging", "/secretariat/judging.html"),
        ("/", None),
        ("/register/", None),
        ("/register.html", None),
        ("/assets/root-Dd4J8_xY.js", None),
        ("/unknown", None),
        ("/secretariat", None),  # no secretariat.html in this build
        ("/../register", None),
        ("/register%2F..", None),
    ],
)
def test_which_addresses_are_pages(build, path, expected):
    assert page_file(path, build) == expected


def _client(build: Path, seen: list[str]) -> TestClient:
    from reflex.utils.precompressed_staticfiles import PrecompressedStaticFiles

    static = PrecompressedStaticFiles(directory=build, html=True)

    async def recording(scope, receive, send):
        seen.append(scope["path"])
        await static(scope, receive, send)

    app = Starlette(routes=[Mount("/", app=recording)])
    return TestClient(pages_at_their_address(app, build), follow_redirects=False)


def test_a_page_is_served_at_its_address_without_a_redirect(build):
    seen: list[str] = []
    client = _client(build, seen)
    for path, text in [
        ("/register", "register page"),
        ("/register/", "register page"),
        ("/secretariat/judging", "judging page"),
        ("/", "landing"),
    ]:
        response = client.get(path)
        assert (response.status_code, response.text) == (200, text), path
    assert client.head("/register").status_code == 200
    assert client.get("/assets/root-Dd4J8_xY.js").text == "script"
    assert client.get("/unknown").status_code == 404
    # Anything but a read goes on as it came.
    client.post("/register")
    assert seen[-1] == "/register"
