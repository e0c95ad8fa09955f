"""Late pages of an annotated list without computing the skipped rows' figures."""

from functools import cache

from django.db.models import QuerySet


class KeyPagedMixin:
    """A slice that skips rows first selects the page's keys — ordering and filters only, so the figures'
    subqueries run for no skipped row unless the order needs them — then the page's rows by those keys.
    Page 199 of 200 then costs about what page 1 does."""

    def __getitem__(self, k):
        if not isinstance(k, slice) or not k.start or k.stop is None or self._result_cache is not None:
            return super().__getitem__(k)
        keys = QuerySet.__getitem__(self.values("pk"), k)
        return self.filter(pk__in=keys)


@cache
def _key_paged_class(cls: type[QuerySet]) -> type[QuerySet]:
    return type(f"KeyPaged{cls.__name__}", (KeyPagedMixin, cls), {})


def key_paged(queryset: QuerySet) -> QuerySet:
    """The same queryset, paged by keys (see `KeyPagedMixin`); it stays so through further chaining."""
    clone = queryset.all()
    if not isinstance(clone, KeyPagedMixin):
        clone.__class__ = _key_paged_class(type(clone))
    return clone
