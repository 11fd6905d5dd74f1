"""A throwaway SQLite database for one benchmark."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_database(name: str) -> Iterator[tuple[Path, str]]:
    """Yields (file, URL) of a new SQLite file in a folder of its own; afterwards REFLEX_DB_URL
    is what it was (the builders set it to run the migrations) and the folder is gone."""
    folder = Path(tempfile.mkdtemp(prefix=f"champions-bench-{name}-"))
    path = folder / f"{name}.db"
    previous = os.environ.get("REFLEX_DB_URL")
    try:
        yield path, f"sqlite:///{path}"
    finally:
        if previous is None:
            os.environ.pop("REFLEX_DB_URL", None)
        else:
            os.environ["REFLEX_DB_URL"] = previous
        shutil.rmtree(folder, ignore_errors=True)
