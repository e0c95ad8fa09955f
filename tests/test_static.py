"""Every asset is ours to serve: plotly.js from the installed package, nothing else of the package published."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

STATIC = Path(__file__).resolve().parents[1] / "static"
# Thai letters and marks; Thai digits (U+0E50–U+0E59) are read from what people type, never shown.
THAI_LETTERS = re.compile(r"[\u0E01-\u0E4F\u0E5A\u0E5B]")


def test_plotly_js_is_found_in_the_installed_package():
    path = finders.find("plotly/plotly.min.js")
    assert path is not None and path.endswith("package_data/plotly.min.js")
    with open(path, encoding="utf-8") as js:
        assert "plotly.js" in js.read(2000)


def test_only_plotly_min_js_is_published_from_the_package():
    published = [
        name for finder in finders.get_finders() for name, _storage in finder.list([]) if "plotly" in name
    ]
    assert "plotly.min.js" in published
    assert not any(name.endswith("widgetbundle.js") for name in published)


def test_other_static_files_are_still_found_by_the_other_finders():
    path = finders.find("fonts/laksaman/Laksaman.ttf")
    assert isinstance(path, str) and path.endswith("static/fonts/laksaman/Laksaman.ttf")
    assert finders.find("no/such/file.css") is None


def test_our_scripts_show_no_words_of_their_own():
    """What a script writes on the page comes from the page (`{% translate %}` into a data attribute or a
    `json_script`), so it reads in the page's language: no script holds Thai text."""
    found = {
        f"{path.relative_to(STATIC)}:{number}": line.strip()
        for path in sorted(STATIC.rglob("*.js"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if THAI_LETTERS.search(line)
    }
    assert found == {}
