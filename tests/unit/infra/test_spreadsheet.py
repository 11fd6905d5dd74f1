"""Unit tests for champions.infra.spreadsheet (CSV safe for spreadsheet programs)."""

import csv
import io
from datetime import date

import pytest

from champions.infra.spreadsheet import neutralize_formula, to_csv

FORMULA = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (FORMULA, "'" + FORMULA),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t'=x"),
        ("\r=x", "'\r'=x"),
        ("=", "'="),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        # plain text is left alone
        ("Alice", "Alice"),
        ("", ""),
        ("a=b", "a=b"),
        ("1+1", "1+1"),
        ("김민준", "김민준"),
        ("محمد العلي", "محمد العلي"),
        ("'already quoted", "'already quoted"),
    ],
)
def test_neutralize_formula_text(value, expected):
    assert neutralize_formula(value) == expected


@pytest.mark.parametrize("value", [0, 1, -1, 42, -7, 3.5, -0.25, True, None])
def test_neutralize_formula_keeps_non_text(value):
    result = neutralize_formula(value)
    assert result == value
    assert type(result) is type(value)


def test_negative_int_stays_int():
    result = neutralize_formula(-1)
    assert result == -1 and isinstance(result, int)


def _read_back(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_to_csv_round_trip():
    header = ["id", "full_name", "city", "age", "note"]
    rows = [
        [1, "김민준", "Seoul", 20, "plain"],
        [2, "محمد العلي", "Cairo", 34, FORMULA],
        [3, 'Ana, "Quoted"', "Line\nbreak", -1, None],
    ]
    text = to_csv(header, rows)
    parsed = _read_back(text)
    assert parsed[0] == header
    assert parsed[1] == ["1", "김민준", "Seoul", "20", "plain"]
    assert parsed[2] == ["2", "محمد العلي", "Cairo", "34", "'" + FORMULA]
    # None becomes an empty cell, numbers stay numbers (no quote), embedded commas/quotes/newlines survive
    assert parsed[3] == ["3", 'Ana, "Quoted"', "Line\nbreak", "-1", ""]
    assert len(parsed) == 4


def test_to_csv_formula_is_text_starting_with_quote():
    parsed = _read_back(to_csv(["name"], [[FORMULA], ["+1"], ["-1"], ["@SUM(A1)"], ["\t=x"]]))
    cells = [row[0] for row in parsed[1:]]
    assert cells == ["'" + FORMULA, "'+1", "'-1", "'@SUM(A1)", "'\t'=x"]
    assert all(cell.startswith("'") for cell in cells)


def test_to_csv_neutralizes_header():
    parsed = _read_back(to_csv(["=bad", "ok"], []))
    assert parsed == [["'=bad", "ok"]]


def test_to_csv_bom_and_line_endings():
    text = to_csv(["a", "b"], [["x", "y"]])
    assert text == "\ufeffa,b\r\nx,y\r\n"
    assert text.count("\ufeff") == 1


def test_to_csv_utf8_bytes_start_with_bom():
    data = to_csv(["name"], [["김민준"]]).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "name\r\n김민준\r\n"


def test_to_csv_accepts_generators_and_other_values():
    rows = ([i, date(2000, 1, i)] for i in (1, 2))
    parsed = _read_back(to_csv(["n", "d"], rows))
    assert parsed == [["n", "d"], ["1", "2000-01-01"], ["2", "2000-01-02"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Where ";" (or a tab, "|", a comma, a line break) separates cells, a formula can start
        # inside a cell: every trigger after such a character is neutralized too (issue 22).
        ('Ana;=HYPERLINK("http://x")', 'Ana;\'=HYPERLINK("http://x")'),
        ("Ana; @SUM(A1)", "Ana; '@SUM(A1)"),
        ("a\t+1|-2", "a\t'+1|'-2"),
        ("line\n=x", "line\n'=x"),
        ("=a;=b", "'=a;'=b"),
        ("a=b;c", "a=b;c"),  # a trigger inside text, not after a separator, is left alone
    ],
)
def test_a_formula_after_a_separator_inside_a_cell_is_neutralized(value, expected):
    assert neutralize_formula(value) == expected
