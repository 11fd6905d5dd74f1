"""Spreadsheet-safe CSV output."""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with a quote, so it stays text.
    Numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(field_names: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (UTF-8 with BOM so spreadsheet programs detect the encoding), formulas neutralized."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize_formula(name) for name in field_names])
    for row in rows:
        writer.writerow(["" if value is None else neutralize_formula(value) for value in row])
    return buffer.getvalue()
