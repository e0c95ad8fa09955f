"""URL converters: the fiscal year in a project's address is a four-digit Buddhist Era year."""

from django.urls import register_converter


class BuddhistYearConverter:
    """`2566`; four digits, so that no project code (`04160000-6968`) is ever read as a year."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


# Registered on import: the URL modules of both apps import this module before naming `be_year`.
register_converter(BuddhistYearConverter, "be_year")
