"""django-tables2 inspects the signature of a column's render function for every cell it draws: ~1,000
`inspect.signature` calls for a 50-row page, a fifth of the list's time. The signature of a function never
changes, so it is worked out once per function."""

from functools import lru_cache

from django_tables2 import utils

_uncached_signature = utils.signature


@lru_cache(maxsize=2048)
def _signature_of(function, bound: bool):
    if bound:
        # The same as inspecting the bound method: the first parameter (self) is left out.
        args, keywords = _uncached_signature(function)
        return args[1:], keywords
    return _uncached_signature(function)


def signature(fn):
    function = getattr(fn, "__func__", None)
    if function is not None and getattr(fn, "__self__", None) is not None:
        return _signature_of(function, True)
    try:
        return _signature_of(fn, False)
    except TypeError:  # an unhashable callable: inspect it each time, as django-tables2 does
        return _uncached_signature(fn)


def install() -> None:
    utils.signature = signature
