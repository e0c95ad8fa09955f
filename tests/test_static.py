"""Every asset is ours to serve: plotly.js from the installed package, nothing else of the package published."""

from django.contrib.staticfiles import finders


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
