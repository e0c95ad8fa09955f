"""Every URL of the project is guarded: walk all URL patterns and try each one as each kind of user.

A new named route fails `test_every_route_is_classified` until someone adds it to `ACCESS` below, saying
who may open it. That is the point: no view ships without a decision about who may see it.
"""

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reports.models import PrintBatch
from tests.factories import KpiFactory, ProgressReportFactory

# --- Who may open what ------------------------------------------------------------------------------------
PUBLIC = "public"  # anyone, signed in or not (sign-in page, public verification of printed documents)
ANY_ROLE = "any_role"  # any signed-in user with a role
PROJECT_READ = "project_read"  # staff of the project's agency (or above it), the planning office, admins
PROJECT_EDIT = "project_edit"  # staff of the project's agency (or above it), admins; not the planning office
PLANNER = "planner"  # the planning office and admins only


@dataclass(frozen=True)
class Access:
    rule: str
    ok: int = 200  # what an allowed user gets (302 for a page that redirects)
    kwargs: dict = field(default_factory=dict)  # fixed URL arguments that `ARGUMENTS` does not know


ACCESS: dict[str, Access] = {
    "login": Access(PUBLIC),
    "logout": Access(PUBLIC),  # POST only; signing out is harmless
    "healthz": Access(PUBLIC),  # the load balancer's health check: "ok" and nothing else
    "projects:home": Access(ANY_ROLE, ok=302),
    "projects:list": Access(ANY_ROLE),
    "projects:blank-report": Access(ANY_ROLE),
    "projects:detail": Access(PROJECT_READ),
    "projects:detail-by-id": Access(PROJECT_READ),
    **{
        f"projects:{name}{suffix}": Access(PROJECT_EDIT)
        for name in (
            "report-create",
            "report-edit",
            "report-delete",
            "plan-edit",
            "kpi-list",
            "kpi-create",
            "kpi-edit",
            "kpi-delete",
            "status-edit",
            "project-edit",
        )
        for suffix in ("", "-by-id")
    },
    # The planning office's pages; staff are sent from the evaluation home to their own evaluations.
    "reports:current-quarter": Access(ANY_ROLE, ok=302),
    "reports:mine": Access(ANY_ROLE),
    "reports:overdue": Access(PLANNER),
    "reports:quarter": Access(PLANNER, kwargs={"quarter": 1}),
    "reports:rollups": Access(PLANNER, kwargs={"quarter": 1}),
    "reports:score-project": Access(PLANNER, kwargs={"quarter": 1}),
    "reports:score-bulk": Access(PLANNER, ok=405, kwargs={"quarter": 1}),
    "reports:close": Access(PLANNER, ok=405, kwargs={"quarter": 1}),
    "reports:reopen": Access(PLANNER, ok=405, kwargs={"quarter": 1}),
    # Printed forms follow the project's (or the agency's) read rule; verification is public.
    "reports:project-form-pdf": Access(PROJECT_READ),
    "reports:project-form-pdf-by-id": Access(PROJECT_READ),
    "reports:quarter-summary-pdf": Access(PROJECT_READ, kwargs={"quarter": 1}),
    "reports:verify-lookup": Access(PUBLIC),
    "reports:verify": Access(PUBLIC),
    "reports:batch-list": Access(ANY_ROLE),
    "reports:batch-status": Access(PROJECT_READ, kwargs={"pk": lambda project: _batch_of(project).pk}),
    "reports:batch-download": Access(PROJECT_READ, kwargs={"pk": lambda project: _batch_of(project).pk}),
}


def _batch_of(project):
    return PrintBatch.objects.get(agency=project.agency)


# Namespaces and routes that are not ours to guard: Django's admin guards itself, `set_language` must work
# before signing in, static and media files are public.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language"}
SKIPPED_PREFIXES = (settings.STATIC_URL.lstrip("/"), settings.MEDIA_URL.lstrip("/"), "i18n/")


def _walk(patterns, prefix="", namespace=None):
    """(full name or None, route string, converters' argument names) for every pattern, recursively."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            child_ns = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), child_ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.lstrip("^").startswith(SKIPPED_PREFIXES):
                continue
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, route, list(pattern.pattern.converters)


def all_routes():
    return list(_walk(get_resolver().url_patterns))


# --- The world the URLs are tried against -----------------------------------------------------------------
@pytest.fixture
def world(project_a, project_b, staff_a, staff_b, planner, no_role_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for project in (project_a, project_b):
        ProgressReportFactory(project=project, number=1)
        KpiFactory(project=project)
        batch = PrintBatch(
            agency=project.agency, fiscal_year=project.fiscal_year, state=PrintBatch.State.DONE
        )
        batch.file.save("batch.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    return {
        "own": project_a,
        "other": project_b,
        "staff_a": staff_a,
        "planner": planner,
        "no_role": no_role_user,
    }


# How to fill each URL argument for "a project of agency A"; "other" gives agency B's.
ARGUMENTS = {
    "code": lambda project: project.code,
    "pk": lambda project: project.pk,
    "project_pk": lambda project: project.pk,
    "project_id": lambda project: project.pk,
    "fiscal_year": lambda project: project.fiscal_year,
    "number": lambda project: project.reports.get().number,
    "kpi_id": lambda project: project.kpis.get().pk,
    "agency_code": lambda project: project.agency.code,
}


def _url(name: str, arguments: list[str], project, access: Access) -> str:
    kwargs = {}
    for argument in arguments:
        if argument in access.kwargs:
            value = access.kwargs[argument]
            kwargs[argument] = value(project) if callable(value) else value
        elif argument in ARGUMENTS:
            kwargs[argument] = ARGUMENTS[argument](project)
        else:
            pytest.fail(
                f"{name}: no way to fill the URL argument {argument!r}; add it to ARGUMENTS or Access.kwargs"
            )
    return reverse(name, kwargs=kwargs)


def _expected(rule: str, who: str, whose: str, ok: int) -> int:
    """The status `who` should get opening a URL about `whose` project under `rule`."""
    if rule == PUBLIC:
        return ok
    if who == "anonymous":
        return 302
    if who == "no_role":
        return 403
    if rule == ANY_ROLE:
        return ok
    if rule == PROJECT_READ:
        return ok if (who == "planner" or whose == "own") else 403
    if rule == PROJECT_EDIT:
        return ok if (who == "staff_a" and whose == "own") else 403
    if rule == PLANNER:
        return ok if who == "planner" else 403
    raise AssertionError(f"unknown rule {rule!r}")


def test_every_route_is_classified():
    unknown = sorted(
        f"{name or '(unnamed)'} → /{route}"
        for name, route, _ in all_routes()
        if name not in SKIPPED_NAMES and name not in ACCESS
    )
    assert not unknown, (
        "Routes nobody has said who may open; add them to ACCESS in tests/projects/test_permissions.py: "
        + ", ".join(unknown)
    )


def test_access_table_names_only_existing_routes():
    names = {name for name, _, _ in all_routes()}
    assert set(ACCESS) - names == set()


@pytest.mark.parametrize("who", ["anonymous", "no_role", "staff_a", "planner"])
def test_every_guarded_route_answers_each_role_as_classified(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])
    wrong = []
    checked = 0
    for name, _route, arguments in all_routes():
        access = ACCESS.get(name)
        if access is None or access.rule == PUBLIC:
            continue
        for whose in ("own", "other") if arguments else ("own",):
            url = _url(name, arguments, world[whose], access)
            response = client.get(url)
            expected = _expected(access.rule, who, whose, access.ok)
            checked += 1
            if response.status_code != expected:
                wrong.append(
                    f"{who} GET {url} ({name}, {whose} project): {response.status_code}, expected {expected}"
                )
            elif (
                expected == 302
                and who == "anonymous"
                and not response["Location"].startswith(reverse("login"))
            ):
                wrong.append(f"{who} GET {url}: redirected to {response['Location']}, not to sign in")
    assert checked >= 5
    assert not wrong, "\n".join(wrong)


def test_forbidden_pages_are_the_thai_403_page(client, world):
    client.force_login(world["staff_a"])
    response = client.get(reverse("projects:detail", kwargs={"code": world["other"].code}))
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in response.content.decode()


def test_sub_agency_projects_are_readable_by_the_parent_agencys_staff(client, world, agency_a):
    # staff_a belongs to agency A; project_a belongs to A's sub-agency.
    assert world["own"].agency.path.startswith(agency_a.path) and world["own"].agency != agency_a
    client.force_login(world["staff_a"])
    assert client.get(world["own"].get_absolute_url()).status_code == 200
