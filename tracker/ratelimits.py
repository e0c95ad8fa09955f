"""What the rate limits share (django-ratelimit counts in the cache, per client address: settings.py)."""

from datetime import timedelta


def window(rate: str) -> timedelta:
    """The period of a django-ratelimit rate: `20/15m` → 15 minutes, `120/h` → one hour."""
    period = rate.partition("/")[2]
    number = int(period[:-1] or 1) if period[-1:].isalpha() else int(period)
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(period[-1:], 1)
    return timedelta(seconds=number * unit)
