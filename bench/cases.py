"""The measured cases. Each request goes through the full middleware stack via Django's test client."""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.stats import summarize


@dataclass
class Case:
    name: str
    label: str
    user: str
    urls: list[str]
    method: str = "get"
    data: Callable[[int], dict] | None = None
    extra: dict = field(default_factory=dict)


def _client(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def measure(case: Case, runs: int) -> dict:
    client = _client(case.user)
    send = getattr(client, case.method)

    def request(i: int):
        url = case.urls[i % len(case.urls)]
        response = send(url, case.data(i)) if case.data else send(url)
        if response.status_code >= 400:
            raise RuntimeError(f"{case.name}: {url} answered {response.status_code}")
        return response

    request(0)  # warm-up: imports, template loading, connection
    with CaptureQueriesContext(connection) as queries:
        response = request(1)
    size = len(response.content) if not getattr(response, "streaming", False) else 0
    timings = []
    for i in range(runs):
        started = time.perf_counter()
        request(i + 2)
        timings.append(time.perf_counter() - started)
    return {"label": case.label, **summarize(timings), "queries": len(queries), "bytes": size, **case.extra}


def build_cases(fiscal_year: int) -> list[Case]:
    from django.db.models import Count
    from django.urls import reverse

    from projects.models import Agency, Project

    rng = random.Random(7)
    codes = list(Project.objects.filter(fiscal_year=fiscal_year).values_list("code", flat=True)[:2000])
    sample = rng.sample(codes, min(60, len(codes)))
    busiest = Agency.objects.annotate(n=Count("projects")).order_by("-n").first()
    total = len(codes) if len(codes) < 2000 else Project.objects.filter(fiscal_year=fiscal_year).count()
    late_page = max(1, (total // 50) - 1)
    project_urls = [reverse("projects:detail", kwargs={"code": c}) for c in sample]
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
        ),
        Case(
            "project_list_late_page",
            f"รายการโครงการ (หน้า {late_page})",
            "bench-planner",
            [f"{list_url}?fiscal_year={fiscal_year}&page={late_page}"],
        ),
        Case(
            "admin_changelist",
            "Django admin: รายการโครงการ (baseline)",
            "bench-admin",
            ["/admin/projects/project/"],
        ),
    ]


def run_all(*, fiscal_year: int, runs: int) -> dict[str, dict]:
    results: dict[str, dict] = {}
    with override_settings(ROOT_URLCONF="bench.urls"):
        for case in build_cases(fiscal_year):
            print(f"  {case.name} …", flush=True)
            results[case.name] = measure(case, runs)
        size = results["project_list"]["bytes"]
        bare = Case(
            "bare_view", f"bare view, {size:,} bytes (baseline)", "bench-planner", [f"/bench/bare/{size}/"]
        )
        results["bare_view"] = measure(bare, runs)
    admin = results["admin_changelist"]["median_ms"]
    floor = results["bare_view"]["median_ms"]
    for result in results.values():
        result["vs_admin"] = round(result["median_ms"] / admin, 2) if admin else None
        result["vs_bare"] = round(result["median_ms"] / floor, 2) if floor else None
    return results
