"""The judging fixtures: the ranking is computed from judged rounds."""

from ..judging.conftest import *  # noqa: F403 - fixtures and constants shared with judging
from ..judging.conftest import AFTER, full  # noqa: F401
