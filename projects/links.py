"""The one way to name a project's pages: by fiscal year (Buddhist Era) and code, e.g.
`/projects/2566/04160000-6968/reports/new/`, or by id for a project imported without a code.

A code names one project per fiscal year, never for ever: a URL by code alone would be ambiguous.
"""

from typing import NamedTuple

from django.urls import reverse


class ProjectKey(NamedTuple):
    """What names a project's pages, when a row has other things to show (a closed quarter, the code it had)."""

    pk: int
    code: str | None
    fiscal_year: int


def project_url(name: str, project, **kwargs) -> str:
    """The URL of the project page `name` (`detail`, `report-edit`, …, or a full `app:name`) of `project`.

    `project` is anything with `pk`, `code` and `fiscal_year`: a model instance or a row of a table.
    """
    name = name if ":" in name else f"projects:{name}"
    if project.code:
        return reverse(name, kwargs={"fiscal_year": project.fiscal_year, "code": project.code, **kwargs})
    return reverse(f"{name}-by-id", kwargs={"pk": project.pk, **kwargs})
