"""Every URL of the project is guarded: walk all URL patterns and try each one as each kind of user.

A new named route fails `test_every_route_is_classified` until someone adds it to `ACCESS` below, saying
who may open it. That is the point: no view ships without a decision about who may see it. Every URL that
writes is also posted to, with valid form data, as each kind of user: what is refused changes nothing.
"""

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from projects.models import Evidence, Project
from reports.models import PrintBatch
from tests import evidence_files
from tests.factories import KpiFactory, PlanStepFactory, ProgressReportFactory

# --- Who may open what ------------------------------------------------------------------------------------
PUBLIC = "public"  # anyone, signed in or not (sign-in page, public verification of printed documents)
ANY_ROLE = "any_role"  # any signed-in user with a role
PROJECT_READ = (
    "project_read"  # staff and heads of the project's agency (or above it), the planning office, admins
)
PROJECT_EDIT = "project_edit"  # staff of the project's agency (or above it), admins; not the planning office
PLANNER = "planner"  # the planning office and admins only
HEAD = "head"  # agency heads (of any agency) and admins
PROJECT_HEAD = "project_head"  # the head of the project's agency (or of one above it), admins


@dataclass(frozen=True)
class Access:
    rule: str
    ok: int = 200  # what an allowed user gets (302 for a page that redirects)
    kwargs: dict = field(default_factory=dict)  # fixed URL arguments that `ARGUMENTS` does not know
    ok_for: dict = field(default_factory=dict)  # what an allowed role gets where it differs from `ok`


ACCESS: dict[str, Access] = {
    "login": Access(PUBLIC),
    "logout": Access(PUBLIC),  # POST only; signing out is harmless
    "healthz": Access(PUBLIC),  # the load balancer's health check: "ok" and nothing else
    # Staff and heads land on what they owe or what waits for them; everyone else goes on to the project list.
    "projects:home": Access(ANY_ROLE, ok_for={"planner": 302, "admin": 302}),
    "projects:list": Access(ANY_ROLE),
    "projects:blank-report": Access(ANY_ROLE),
    "projects:approvals": Access(HEAD),  # the head's list of reports waiting for approval
    "projects:detail": Access(PROJECT_READ),
    # Old addresses by code alone: a redirect to the newest year's page, which then asks who you are.
    "projects-legacy:legacy": Access(PUBLIC, ok=301),
    "projects-legacy:legacy-page": Access(PUBLIC, ok=301),
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
    # Evidence of a report: read by whoever reads the project, each file only through the permission check;
    # attached and removed (POST only) by those who edit it.
    **{
        f"projects:{name}{suffix}": Access(PROJECT_READ)
        for name in ("report-evidence", "report-evidence-file", "report-evidence-thumbnail")
        for suffix in ("", "-by-id")
    },
    **{
        f"projects:{name}{suffix}": Access(PROJECT_EDIT, ok=405)
        for name in ("report-evidence-add", "report-evidence-remove")
        for suffix in ("", "-by-id")
    },
    # Opening one project's closed quarter to its staff: the planning office.
    "projects:lock-exception": Access(PLANNER),
    "projects:lock-exception-by-id": Access(PLANNER),
    # The sign-off steps of a report (POST only): staff submit, the agency head approves, returns, withdraws.
    **{
        f"projects:report-{step}{suffix}": Access(PROJECT_EDIT if step == "submit" else PROJECT_HEAD, ok=405)
        for step in ("submit", "approve", "return", "withdraw")
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
    "reminders:notices": Access(ANY_ROLE),  # one's own notices only
    "reminders:settings": Access(ANY_ROLE),  # one's own reminder settings only
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


# --- What the URLs are tried against (`roles_and_objects`) --------------------------------------------------
# Who tries: staff of agency A (`own` is A's project) and of agency B (`other` is B's), the head of agency A.
WHO = ["anonymous", "no_role", "staff_a", "staff_b", "head_a", "planner", "admin"]


@pytest.fixture
def roles_and_objects(
    project_a, project_b, staff_a, staff_b, head_a, planner, admin_user, no_role_user, media
):
    for project in (project_a, project_b):
        PlanStepFactory(project=project, number=1)
        ProgressReportFactory(project=project, number=1)
        KpiFactory(project=project)
        batch = PrintBatch(
            agency=project.agency, fiscal_year=project.fiscal_year, state=PrintBatch.State.DONE
        )
        batch.file.save("batch.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
        evidence_files.stored(project.reports.get(), evidence_files.png(), "ภาพ.png")
    return {
        "own": project_a,
        "other": project_b,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "head_a": head_a,
        "planner": planner,
        "admin": admin_user,
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
    "evidence_id": lambda project: Evidence.objects.get(report__project=project).pk,
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


def _member(who: str, whose: str) -> bool:
    """Whether `who` belongs to the agency of `whose` project (or to one above it)."""
    return (who in ("staff_a", "head_a") and whose == "own") or (who == "staff_b" and whose == "other")


def _expected(rule: str, who: str, whose: str, ok: int) -> int:
    """The status `who` should get opening a URL about `whose` project under `rule`."""
    if rule == PUBLIC:
        return ok
    if who == "anonymous":
        return 302
    if who == "no_role":
        return 403
    if rule == ANY_ROLE or who == "admin":
        return ok
    if rule == PROJECT_READ:
        return ok if (who == "planner" or _member(who, whose)) else 403
    if rule == PROJECT_EDIT:
        return ok if (who in ("staff_a", "staff_b") and _member(who, whose)) else 403
    if rule == PLANNER:
        return ok if who == "planner" else 403
    if rule == HEAD:
        return ok if who == "head_a" else 403
    if rule == PROJECT_HEAD:
        return ok if (who == "head_a" and whose == "own") else 403
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


@pytest.mark.parametrize("who", WHO)
def test_every_guarded_route_answers_each_role_as_classified(client, roles_and_objects, who):
    if who != "anonymous":
        client.force_login(roles_and_objects[who])
    wrong = []
    checked = 0
    for name, _route, arguments in all_routes():
        access = ACCESS.get(name)
        if access is None or access.rule == PUBLIC:
            continue
        for whose in ("own", "other") if arguments else ("own",):
            url = _url(name, arguments, roles_and_objects[whose], access)
            response = client.get(url)
            expected = _expected(access.rule, who, whose, access.ok_for.get(who, access.ok))
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


def test_forbidden_pages_are_the_thai_403_page(client, roles_and_objects):
    client.force_login(roles_and_objects["staff_a"])
    response = client.get(roles_and_objects["other"].get_absolute_url())
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in response.content.decode()


def test_sub_agency_projects_are_readable_by_the_parent_agencys_staff(client, roles_and_objects, agency_a):
    # staff_a belongs to agency A; project_a belongs to A's sub-agency.
    assert (
        roles_and_objects["own"].agency.path.startswith(agency_a.path)
        and roles_and_objects["own"].agency != agency_a
    )
    client.force_login(roles_and_objects["staff_a"])
    assert client.get(roles_and_objects["own"].get_absolute_url()).status_code == 200


# --- Writes: every URL that changes something, posted with valid data as each kind of user ----------------
class FormControls(HTMLParser):
    """What a browser would send, unchanged, from the page's form that posts to `action`."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("method", "").lower() == "post" and a.get("action", "") in ("", self.action)
        elif not self.inside or (not a.get("name") and tag != "option"):
            return
        elif tag == "input" and a.get("type") not in ("submit", "button", "checkbox", "radio"):
            self.add(a["name"], html.unescape(a.get("value", "")))
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.add(a["name"], a.get("value", "on"))
        elif tag == "select":
            self.select, self.first_option = a["name"], None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
            if "selected" in a:
                self.add(self.select, a.get("value", ""))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.add(self.textarea, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            if self.select not in self.data:
                self.add(self.select, self.first_option or "")
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def shown_form(url: str, admin) -> dict[str, list[str]]:
    """The form of the page at `url` as an administrator sees it."""
    client = Client()
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200, url
    parser = FormControls(url)
    parser.feed(response.content.decode())
    assert parser.data, f"no form posting to {url}"
    return parser.data


def _close_quarter_one(project):
    from projects.models import QuarterClosure

    QuarterClosure.objects.create(fiscal_year=project.fiscal_year, quarter=1)
    return {"reason": "หน่วยงานขอแก้รายงาน", "confirm": "on"}


def _exception_on_closed_quarter_one(project):
    # Every field given (`scrape=False`): before the quarter is closed, the page offers no quarter to open.
    _close_quarter_one(project)
    return {"quarter": "1", "reason": "แก้ยอดเบิกจ่าย", "expires_on": "31/12/2600", "expires_time": "16:30"}


def _report_in(state):
    """Put the project's report into `state` first, so that the step posted is one it may take."""

    def values(project):
        project.reports.update(approval_state=state)
        return {"comment": "กรุณาตรวจยอดเบิกจ่ายอีกครั้ง"}

    return values


@dataclass(frozen=True)
class Write:
    """Valid data for a URL that writes: the form as shown (`scrape`) with `values` over it."""

    values: object = lambda project: {}  # (project) -> the values to send over the shown form
    scrape: bool = True
    refused: int = 403  # what a signed-in user who may not write gets


WRITES: dict[str, Write] = {
    "projects:report-create": Write(
        lambda p: {
            "report_date": "25/11/2565",
            "progress": "20",
            "plan_status": "on_plan",
            "text": "ประชุมคณะทำงาน",
        }
    ),
    "projects:report-edit": Write(lambda p: {"text": "แก้ไขรายละเอียดผลการดำเนินงาน"}),
    "projects:report-delete": Write(),
    "projects:report-submit": Write(scrape=False),
    "projects:report-approve": Write(_report_in("submitted"), scrape=False),
    "projects:report-return": Write(_report_in("submitted"), scrape=False),
    "projects:report-withdraw": Write(_report_in("approved"), scrape=False),
    "projects:report-evidence-add": Write(
        lambda p: {"file": ContentFile(evidence_files.pdf(), name="สัญญา.pdf"), "caption": "สัญญาจ้าง"},
        scrape=False,
    ),
    "projects:report-evidence-remove": Write(scrape=False),
    "projects:plan-edit": Write(lambda p: {"save": "1", "steps-0-description": "ขั้นตอนที่แก้ไข"}),
    "projects:kpi-create": Write(lambda p: {"name": "ร้อยละของผู้เข้าร่วมที่พึงพอใจ", "q1_result": "10"}),
    "projects:kpi-edit": Write(lambda p: {"name": "ชื่อตัวชี้วัดที่แก้ไข"}),
    "projects:kpi-delete": Write(),
    "projects:status-edit": Write(lambda p: {"action": "delay", "reason": "รอการอนุมัติงบประมาณ"}),
    "projects:project-edit": Write(lambda p: {"responsible": "นายสมชาย ใจดี"}),
    "reports:score-bulk": Write(
        lambda p: {"select": [str(p.pk)], "score": "90", "comment": "ดี"}, scrape=False
    ),
    "reports:score-project": Write(lambda p: {"score": "85", "comment": "ดำเนินการตามแผน"}),
    "reminders:settings": Write(lambda p: {"optional_reminders": "", "language": "en"}),
    "reports:close": Write(lambda p: {"early": "on"}, scrape=False),
    "projects:lock-exception": Write(_exception_on_closed_quarter_one, scrape=False),
    "reports:reopen": Write(_close_quarter_one, scrape=False),
    # The agency list offers only one's own agencies: another's is refused by the form (400), nothing queued.
    "reports:batch-list": Write(
        lambda p: {"agency": str(p.agency.pk), "fiscal_year": str(p.fiscal_year)}, scrape=False, refused=400
    ),
}


def _fingerprint():
    """Every row count of both apps (history included) and each project's version: any write moves one."""
    counts = {
        model._meta.label: model.objects.count()
        for app in ("projects", "reports", "reminders")
        for model in apps.get_app_config(app).get_models()
    }
    return counts, list(Project.objects.order_by("pk").values_list("pk", "version", "status"))


def test_every_route_that_takes_a_form_is_posted_to():
    takes_posts = {
        name
        for name, access in ACCESS.items()
        if (access.rule == PROJECT_EDIT and not name.endswith("-by-id") and name != "projects:kpi-list")
        or (access.rule in (PLANNER, PROJECT_HEAD) and access.ok == 405 and not name.endswith("-by-id"))
    }
    assert takes_posts - set(WRITES) == set()


@pytest.mark.parametrize("name", sorted(WRITES))
@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("who", WHO)
def test_every_write_as_each_role_writes_or_changes_nothing(client, roles_and_objects, name, whose, who):
    write, access = WRITES[name], ACCESS[name]
    project = roles_and_objects[whose]
    arguments = next(arguments for route_name, _route, arguments in all_routes() if route_name == name)
    url = _url(name, arguments, project, access)
    data = shown_form(url, roles_and_objects["admin"]) if write.scrape else {}
    data.update(write.values(project))
    if who != "anonymous":
        client.force_login(roles_and_objects[who])
    before = _fingerprint()

    response = client.post(url, data)

    # The batch form takes any role but prints only one's own agencies (anonymous users are sent to sign in).
    rule = PROJECT_READ if name == "reports:batch-list" else access.rule
    allowed = who != "anonymous" and _expected(rule, who, whose, 302) == 302
    if allowed:
        errors = response.context and [str(f.errors) for f in [response.context.get("form")] if f]
        assert response.status_code == 302, f"{who} POST {url}: {response.status_code} {errors}"
        assert _fingerprint() != before, f"{who} POST {url} was allowed but changed nothing"
        return
    expected = {"anonymous": 302, "no_role": 403}.get(who, write.refused)
    assert response.status_code == expected, f"{who} POST {url}: {response.status_code}, expected {expected}"
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert _fingerprint() == before, f"{who} POST {url} was refused but changed something"
