"""Spreadsheet-safe CSV output."""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# A trigger after a character that some spreadsheet locale reads as a cell separator (";" in
# many European locales, tabs, "|", commas, line breaks), spaces allowed between them.
_INNER_FORMULA = re.compile(r"([;,\t|\r\n]\s*)([=+\-@])")


def neutralize_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with a quote, so it stays text:
    at the start of the cell, and after every separator-like character inside it (where ";"
    separates cells, "Ana;=HYPERLINK(…)" would otherwise start a formula cell). Numbers are
    left as numbers."""
    if not isinstance(value, str):
        return value
    value = _INNER_FORMULA.sub(r"\1'\2", value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def to_csv(field_names: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (UTF-8 with BOM so spreadsheet programs detect the encoding), formulas neutralized."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize_formula(name) for name in field_names])
    for row in rows:
        writer.writerow(["" if value is None else neutralize_formula(value) for value in row])
    return buffer.getvalue()
