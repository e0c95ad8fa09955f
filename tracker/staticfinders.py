"""plotly.js served from the installed plotly package: only the one file the pages load, under `plotly/`.

Pointing STATICFILES_DIRS at the package's data folder would also publish (and compress on every deploy) its
other bundles, which no page uses.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PACKAGE_DATA = Path(plotly.__file__).parent / "package_data"
NAME = "plotly.min.js"
PREFIX = "plotly"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=PACKAGE_DATA)
        self.storage.prefix = PREFIX

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path != f"{PREFIX}/{NAME}":
            return []  # what Django's own finders answer for "not here"
        found = str(PACKAGE_DATA / NAME)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield NAME, self.storage
