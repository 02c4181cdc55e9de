"""pytest's entry to the one settings module: the same settings in the ``test`` environment."""

import os

os.environ.setdefault("SHIDIAN_ENV", "test")

from shidian.settings import *  # noqa: F403
