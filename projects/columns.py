"""The column classes every django-tables2 table shares: the page shows Thai formatting, an export the raw value.

`export_format` tells the spreadsheet writer (`projects.spreadsheets`) how to show the exported cell.
"""

import functools
import inspect
from decimal import Decimal

import django_tables2 as tables

from . import spreadsheets, thai

NUMBER = {"th": {"class": "num"}, "td": {"class": "num"}}


def two_places(value) -> Decimal | None:
    """A number to two decimals for an export, so a spreadsheet can sum it; unknown stays empty.

    >>> two_places(12.5), two_places(None)
    (Decimal('12.50'), None)
    """
    return None if value is None else Decimal(value).quantize(thai.SATANG)


class signed:  # a decorator, named like one
    """A cell function that carries its own signature (`__signature__`, Python's protocol for it, PEP 362).

    Before it draws a cell, django-tables2 asks `inspect.signature(render)` which of the cell's arguments the
    render takes; `inspect` answers from `__signature__` when there is one instead of reading the function
    again. A page of the project list draws 400 cells, of the quarter page 450.

    >>> signed(lambda value, record: value).__signature__
    <Signature (value, record)>

    A method (a column's `render`, a table's `render_FOO`) is bound once, when django-tables2 builds the
    table's columns: as a partial that carries its signature without `self`, which `inspect` would otherwise
    work out again for every cell.

    >>> class Cells:
    ...     @signed
    ...     def render(self, value):
    ...         return value
    >>> inspect.signature(Cells().render), Cells().render(value=3)
    (<Signature (value)>, 3)
    """

    def __init__(self, render):
        self.render = render
        self.__signature__ = inspect.signature(render)
        self.__name__ = getattr(render, "__name__", "render")
        self.__doc__ = render.__doc__
        self._bound_signature = self.__signature__.replace(
            parameters=list(self.__signature__.parameters.values())[1:]
        )

    def __call__(self, *args, **kwargs):
        return self.render(*args, **kwargs)

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        bound = functools.partial(self.render, instance)
        bound.__signature__ = self._bound_signature
        return bound


class PlainColumn(tables.Column):
    """A value shown as it is (escaped), in exports too."""

    @signed
    def render(self, value):
        return value


class BahtColumn(tables.Column):
    """Baht with separators on the page (`1,250.00`), a number in exports."""

    export_format = spreadsheets.BAHT

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMBER)
        super().__init__(*args, **kwargs)

    @signed
    def render(self, value):
        return thai.format_baht(value)

    def value(self, value):
        return two_places(value)


class PercentColumn(BahtColumn):
    """A percentage with two decimals on the page (`40.00`), a number in exports."""

    export_format = spreadsheets.PERCENT

    @signed
    def render(self, value):
        return thai.format_percent(value)


class BeDateColumn(tables.Column):
    """A Buddhist Era date on the page (`25/10/2566`); a date in exports, which show it in the Buddhist Era."""

    export_format = spreadsheets.DATE

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "nowrap"}})
        super().__init__(*args, **kwargs)

    @signed
    def render(self, value):
        return thai.format_date(value)

    def value(self, value):
        return value
