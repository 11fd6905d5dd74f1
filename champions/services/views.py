"""Values that pages of every workflow show: a picker's option, a file to download, a link to
a stored file. Each workflow's `views.py` builds its pages from these."""

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class Choice:
    """One option of a page's picker: the value sent back, and what the person reads."""

    id: str
    label: str


class CsvFile(NamedTuple):
    """A CSV download: its file name and its text."""

    filename: str
    text: str


@dataclass(frozen=True)
class FileLink:
    """A stored file as a page links to it (served by `/files/<public id>` to who may read it)."""

    name: str
    url: str
    size: str
