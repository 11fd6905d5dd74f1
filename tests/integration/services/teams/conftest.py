"""The Phase 2 fixtures: teams are formed from Phase 1 completers."""

from ..phase2.conftest import *  # noqa: F403 - fixtures and constants shared with Phase 2
from ..phase2.conftest import COUNTRIES, OPENS, SECOND, submit  # noqa: F401
