"""The clock's vocabulary now lives in ``caseboard.clock.vocabulary``; importable from here for code not yet moved."""

from caseboard.clock.vocabulary import *  # noqa: F403
from caseboard.clock.vocabulary import __all__  # noqa: F401
