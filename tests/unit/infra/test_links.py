"""Which typed addresses are web addresses: http(s) with a dotted host, no whitespace, at most
MAX_LINK_LENGTH characters."""

import pytest

from champions.infra.links import MAX_LINK_LENGTH, is_web_address


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/Path",
        "https://www.example.org/a/b?c=d&e=f#top",
        "https://example.org:8443/x",
        "https://user:pw@example.org/",
        "https://meet.example.co.uk/j/123-456",
        "https://例え.jp/パス",
        "https://192.168.0.1/",
    ],
)
def test_web_addresses(value):
    assert is_web_address(value) is True


@pytest.mark.parametrize(
    "value",
    [
        "",
        "javascript:alert(1)",
        "JavaScript://example.org/%0aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "ftp://example.org/file",
        "mailto:ana@example.org",
        "file:///etc/passwd",
        "//example.org/path",
        "example.org",
        "www.example.org",
        "https://",
        "https:///example.org",
        "https://?q=a.b",
        "https://#a.b",
        "http://localhost",
        "http://localhost:8000/x.html",
        "https://example",
        "https:example.org",
        "https:/example.org",
        " https://example.org",
        "https://example.org/a b",
        "https://exa mple.org",
        "https://example.org\tx",
        "https://example.org\nx",
        "https\n://example.org",
    ],
)
def test_not_web_addresses(value):
    assert is_web_address(value) is False


def test_the_length_limit_is_inclusive():
    assert MAX_LINK_LENGTH == 500
    prefix = "https://example.org/"
    at_limit = prefix + "a" * (MAX_LINK_LENGTH - len(prefix))
    assert len(at_limit) == 500 and is_web_address(at_limit) is True
    assert is_web_address(at_limit + "a") is False


def test_a_trailing_newline_is_not_a_web_address():
    assert is_web_address("https://example.org\n") is False
