"""The cached signatures give django-tables2 what inspecting each call would."""

from django_tables2 import utils

from projects import tables_speed


class Column:
    def render(self, value, record):
        return value

    def value(self, **kwargs):
        return kwargs


def plain(record, *args, bound_column=None):
    return record


def test_cached_signatures_equal_the_inspected_ones():
    column = Column()
    for fn in (column.render, column.value, plain, lambda value: value, Column.render):
        assert tables_speed.signature(fn) == tables_speed._uncached_signature(fn)
    assert tables_speed.signature(column.render) == (("value", "record"), None)
    assert tables_speed.signature(column.value) == ((), "kwargs")


def test_installed_for_django_tables2():
    assert utils.signature is tables_speed.signature
    assert utils.call_with_appropriate(Column().render, {"value": 3, "record": None, "table": None}) == 3
