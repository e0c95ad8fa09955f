"""Pages of an annotated list that cost about what the first page does, wherever they are in the list."""

from django.core.paginator import Paginator
from django.db.models import QuerySet

_KEYS = {"pk", "-pk", "id", "-id"}


class KeyPagedQuerySet(QuerySet):
    """A queryset whose slices are pages of a list.

    - The order is made total by ending it with the primary key: sorted on a column many rows share (the
      agency), rows would otherwise move between pages from one request to the next.
    - A page after the first selects its keys first — ordering and filters only, so the figures' subqueries
      run for no skipped row unless the order needs them — then its rows by those keys.
    - Once the paginator has counted the rows, a page nearer the end than the start is read from the end, in
      the reversed order, so the database skips the rows after it instead of every row before it: the
      database walks at most half of the list, and the last pages cost what the first ones do.

    Models whose lists are paged expose it as a manager next to their default one (`Project.paged`).
    """

    _counted = None  # rows counted by this very queryset; a clone counts again

    def count(self):
        self._counted = super().count()
        return self._counted

    def __getitem__(self, k):
        if not isinstance(k, slice) or k.step is not None or self._result_cache is not None:
            return super().__getitem__(k)
        ordered = self._totally_ordered()
        start = k.start or 0
        if not start or k.stop is None:
            return QuerySet.__getitem__(ordered, k)
        keys = ordered.values("pk")
        total = self._counted
        if total is not None and total - k.stop < start:
            stop = min(k.stop, total)
            keys = QuerySet.__getitem__(keys.reverse(), slice(total - stop, max(total - start, 0)))
        else:
            keys = QuerySet.__getitem__(keys, k)
        # The outer query keeps the forward order, so the rows come back as the page shows them.
        return ordered.filter(pk__in=keys)

    def _totally_ordered(self):
        order = list(self.query.order_by)
        if not order and self.query.default_ordering:
            order = list(self.model._meta.ordering)
        if any(isinstance(term, str) and term in _KEYS for term in order):
            return self
        return self.order_by(*order, "pk")


# Rows one page may show, whatever `?per_page=` asks: a negative or huge number is neither a server error nor
# the whole table at once.
MAX_PER_PAGE = 200


class BoundedPaginator(Paginator):
    """Django's paginator with `per_page` held between 1 and `MAX_PER_PAGE`."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)


class BoundedPagesMixin:
    """For django-tables2 list views: `SingleTableMixin` pages with the view's `paginator_class`."""

    paginator_class = BoundedPaginator
