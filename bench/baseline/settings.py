"""goumai's settings with one more URL: ``/bare/`` — django-ninja serving the same
projects with no auth, no count and no middleware work of ours, the framework's
ceiling that ``bench/baseline.py`` compares goumai with."""

from goumai.settings import *  # noqa: F403

ROOT_URLCONF = "bench.baseline.urls"
