"""The measured cases. Each request goes through the full middleware stack via Django's test client."""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.build import analyze
from bench.forms import form_data
from bench.reminders import day_of_reminders
from bench.stats import summarize


@dataclass
class Case:
    name: str
    label: str
    user: str
    urls: list[str]
    method: str = "get"
    data: Callable[[int], dict] | None = None
    runs: int | None = None  # fewer for slow cases (PDF); at least 10
    extra: dict = field(default_factory=dict)


def _client(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


class Measurement:
    """One case's requests: a warm-up, the query count, then timed requests taken one per round."""

    def __init__(self, case: Case, runs: int):
        self.case = case
        self.runs = case.runs or runs
        self.client = _client(case.user)
        self.send = getattr(self.client, case.method)
        self.timings: list[float] = []
        self.query_count = 0
        self.size = 0

    def request(self, i: int, timed: bool = False):
        case = self.case
        url = case.urls[i % len(case.urls)]
        data = case.data(i) if case.data else None  # preparing the post is not part of the timing
        started = time.perf_counter()
        response = self.send(url, data) if data is not None else self.send(url)
        elapsed = time.perf_counter() - started
        if response.status_code >= 400:
            raise RuntimeError(f"{case.name}: {url} answered {response.status_code}")
        if case.method == "post" and response.status_code != 302:
            raise RuntimeError(f"{case.name}: {url} did not save (status {response.status_code})")
        if timed:
            self.timings.append(elapsed)
        return response

    def prepare(self) -> None:
        """Warm up (imports, templates, connection), then count queries. The count is the most any of the
        first few URLs costs: projects differ (with or without a strategy, other years…), and the count must
        not depend on which project a run happened to sample."""
        self.request(0)
        checked = range(1, 1 + min(len(self.case.urls), 10)) if self.case.method == "get" else [1]
        for i in checked:
            reset_queries()  # each request clears the query log; start the count from an empty one
            with CaptureQueriesContext(connection) as queries:
                response = self.request(i)
            # Counted now: the captured list is a slice of the connection's log, which the next request clears.
            self.query_count = max(self.query_count, len(queries))
        self.size = len(response.content) if not getattr(response, "streaming", False) else 0

    def result(self) -> dict:
        return {
            "label": self.case.label,
            **summarize(self.timings),
            "queries": self.query_count,
            "bytes": self.size,
            "peak_rss_mb": peak_rss_mb(),
            **self.case.extra,
        }


def prepared(case: Case, runs: int) -> Measurement:
    print(f"  {case.name} …", flush=True)
    measurement = Measurement(case, runs)
    measurement.prepare()
    return measurement


def time_in_rounds(measurements: list[Measurement]) -> dict[str, dict]:
    """Every case, timed in rounds of one request each: a shared machine that slows down for a while slows
    every case alike, so the ratios to the baselines hold even when the times drift."""
    for i in range(max(m.runs for m in measurements)):
        for measurement in measurements:
            if i < measurement.runs:
                measurement.request(i + 2, timed=True)
    return {m.case.name: m.result() for m in measurements}


def peak_rss_mb() -> float:
    """The highest resident memory of this process so far: it serves every page case, as a web worker would."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build_cases(fiscal_year: int) -> list[Case]:
    from django.db.models import Count
    from django.urls import reverse

    from projects.models import Agency, Project

    rng = random.Random(7)
    codes = list(Project.objects.filter(fiscal_year=fiscal_year).values_list("code", flat=True)[:2000])
    sample = rng.sample(codes, min(60, len(codes)))
    busiest = Agency.objects.annotate(n=Count("projects")).order_by("-n").first()
    total = len(codes) if len(codes) < 2000 else Project.objects.filter(fiscal_year=fiscal_year).count()
    busiest_year = Project.objects.filter(fiscal_year=fiscal_year).under_agency(busiest)
    in_busiest, active_in_busiest = busiest_year.count(), busiest_year.filter(status="active").count()
    late_page = max(1, (total // 50) - 1)
    project_urls = [
        reverse("projects:detail", kwargs={"fiscal_year": fiscal_year, "code": c}) for c in sample
    ]
    list_url = reverse("projects:list")
    return [
        Case("project_page", "หน้าความคืบหน้าโครงการ", "bench-planner", project_urls),
        Case(
            "project_list",
            "รายการโครงการ (ทั้งเมือง หน้าแรก)",
            "bench-planner",
            [f"{list_url}?fiscal_year={fiscal_year}"],
        ),
        Case(
            "project_list_filtered",
            "รายการโครงการ (กรองหน่วยงานและสถานะ)",
            "bench-planner",
            [f"{list_url}?fiscal_year={fiscal_year}&agency={busiest.pk}&status=active"],
            extra={"projects": active_in_busiest},
        ),
        Case(
            "project_list_late_page",
            f"รายการโครงการ (หน้า {late_page})",
            "bench-planner",
            [f"{list_url}?fiscal_year={fiscal_year}&page={late_page}"],
        ),
        Case(
            "quarter_city",
            "หน้าประเมินรายไตรมาส ทั้งเมือง (ไตรมาส 4)",
            "bench-planner",
            [f"/evaluation/{fiscal_year}/q4/"],
            extra={"projects": total},
        ),
        Case(
            "quarter_city_closed",
            "หน้าประเมินรายไตรมาส ทั้งเมือง ไตรมาสที่ปิดแล้ว (ไตรมาส 1)",
            "bench-planner",
            [f"/evaluation/{fiscal_year}/q{CLOSED_QUARTER}/"],
            extra={"projects": total},
        ),
        Case(
            "quarter_agency",
            "หน้าประเมินรายไตรมาส หน่วยงานเดียว",
            "bench-planner",
            [f"/evaluation/{fiscal_year}/q4/?agency={busiest.pk}"],
            extra={"projects": in_busiest},
        ),
        save_report_case(fiscal_year),
        Case(
            "pdf_form",
            "แบบรายงานโครงการ (PDF หนึ่งฉบับ)",
            "bench-planner",
            [
                reverse("reports:project-form-pdf", kwargs={"fiscal_year": fiscal_year, "code": c})
                for c in sample[:10]
            ],
            runs=10,
        ),
        Case(
            "admin_changelist",
            "Django admin: รายการโครงการ (baseline)",
            "bench-admin",
            ["/admin/projects/project/"],
        ),
    ]


# The quarter `make bench` closes (timing the closing) and whose frozen page it then times.
CLOSED_QUARTER = 1


def close_quarter_timed(fiscal_year: int, quarter: int = CLOSED_QUARTER) -> dict:
    """Close the quarter as the planning office would, timed: every project's figures frozen as one snapshot
    version. A quarter left closed by an earlier run is reopened first and its snapshots removed, so each run
    times the same work on a database of the same size."""
    from projects.closing import is_quarter_closed
    from projects.models import Project, QuarterSnapshot
    from reports import services

    if is_quarter_closed(fiscal_year, quarter):
        services.reopen_quarter(fiscal_year=fiscal_year, quarter=quarter, user=None, reason="bench")
    QuarterSnapshot.objects.filter(fiscal_year=fiscal_year, quarter=quarter).delete()
    projects = Project.objects.filter(fiscal_year=fiscal_year).count()
    started = time.perf_counter()
    services.close_quarter(fiscal_year=fiscal_year, quarter=quarter, user=None, early=True)
    seconds = time.perf_counter() - started
    # Closing writes (and the reopening before it deletes) a row per project: autovacuum would otherwise work
    # through them on the second core while the pages are timed. The pages are timed in the state after it.
    analyze()
    return {
        "label": f"ปิดไตรมาส {projects:,} โครงการ (บันทึกตัวเลขทุกโครงการ)",
        "seconds": round(seconds, 2),
        "median_ms": round(seconds * 1000, 1),
        "p95_ms": round(seconds * 1000, 1),
        "runs": 1,
        "queries": None,
        "bytes": None,
        "projects": projects,
    }


def save_report_case(fiscal_year: int) -> Case:
    """Edit-and-save the latest monthly report of a different project each time, as staff would: of projects
    whose latest report is dated after the quarter the bench closes (a closed quarter's reports are locked)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Max

    from bench.load_data import reopen_newest_reports
    from projects.fiscal import quarter_bounds
    from projects.links import project_url
    from projects.models import AgencyMembership, Project

    # Generated data signs most reports off; an approved report is read-only for staff, so the newest ones
    # wait for the head again, as this month's would.
    reopen_newest_reports()
    staff = get_user_model().objects.get(username="bench-staff")
    agency_ids = AgencyMembership.objects.filter(user=staff).values_list("agency_id", flat=True)
    projects = list(
        Project.objects.filter(agency_id__in=agency_ids)
        .alias(last_report=Max("reports__report_date"))
        .filter(last_report__gt=quarter_bounds(fiscal_year, CLOSED_QUARTER)[1])
        .order_by("code")[:60]
    )
    urls = [
        project_url("report-edit", p, number=p.reports.order_by("-number").first().number) for p in projects
    ]
    reader = _client("bench-staff")

    def data(i: int) -> dict:
        # The form as the browser has it: current version, a fresh one-time token, then one changed text.
        html = reader.get(urls[i % len(urls)]).content.decode()
        fields = form_data(html)
        fields["text"] = (fields.get("text") or "").split(" · ")[0] + f" · ปรับปรุงครั้งที่ {i}"
        return fields

    return Case("save_report", "บันทึกรายงานประจำเดือน (แก้ไขและบันทึก)", "bench-staff", urls, "post", data)


def run_all(*, fiscal_year: int, runs: int) -> tuple[dict[str, dict], float]:
    closing = close_quarter_timed(fiscal_year)
    with override_settings(ROOT_URLCONF="bench.urls"):
        measurements = [prepared(case, runs) for case in build_cases(fiscal_year)]
        # The bare view returns as many bytes as the project list's first page.
        size = next(m.size for m in measurements if m.case.name == "project_list")
        bare = Case(
            "bare_view", f"bare view, {size:,} bytes (baseline)", "bench-planner", [f"/bench/bare/{size}/"]
        )
        measurements.append(prepared(bare, runs))
        results = time_in_rounds(measurements)
    # Taken before the batch: its workers are separate processes, like the task workers that print batches.
    web_worker_mb = peak_rss_mb()
    results["batch_50"] = batch_of_forms(fiscal_year, forms=50, workers=2)
    results["reminders_day"] = day_of_reminders(fiscal_year)
    results["close_quarter"] = closing
    admin = results["admin_changelist"]["median_ms"]
    floor = results["bare_view"]["median_ms"]
    for result in results.values():
        result["vs_admin"] = round(result["median_ms"] / admin, 2) if admin else None
        result["vs_bare"] = round(result["median_ms"] / floor, 2) if floor else None
    return results, web_worker_mb


def _print_share(project_ids: list[int]) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connections

    from reports.printing import print_project_form

    connections.close_all()  # a forked worker opens its own connection
    user = get_user_model().objects.get(username="bench-planner")
    for project_id in project_ids:
        print_project_form(project_id=project_id, user=user, base_url="http://127.0.0.1:8000")


def batch_of_forms(fiscal_year: int, *, forms: int, workers: int) -> dict:
    """`forms` certified forms rendered by `workers` processes in parallel, as two task workers would."""
    import multiprocessing

    from django.db import connections

    from projects.models import Project

    ids = list(
        Project.objects.filter(fiscal_year=fiscal_year).order_by("code").values_list("pk", flat=True)[:forms]
    )
    shares = [ids[i::workers] for i in range(workers)]
    connections.close_all()
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    processes = [context.Process(target=_print_share, args=(share,)) for share in shares]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    seconds = time.perf_counter() - started
    if any(p.exitcode for p in processes):
        raise RuntimeError("a batch worker failed")
    per_form = seconds / len(ids) * 1000
    return {
        "label": f"{len(ids)} แบบรายงาน, {workers} workers",
        "seconds": round(seconds, 1),
        "median_ms": round(per_form, 1),
        "p95_ms": round(per_form, 1),
        "runs": 1,
        "queries": None,
        "bytes": None,
    }
