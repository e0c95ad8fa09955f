"""`make cluster`: several machines, shown on one — two app servers and two task workers, one PostgreSQL.

Starts two gunicorn app servers on two loopback ports and two `db_worker` task workers, all on one
PostgreSQL database, as a load balancer would see them, then checks:

1. round robin: both app servers answer `/healthz`, in turn;
2. one session on both: signed in through server A, the same cookie works on server B (sessions are in
   the database, so the load balancer needs no sticky sessions);
3. read your writes: a report saved through A shows at once on the project page read through B. The
   replica (`DATABASE_REPLICA_URL`) is a copy of the database taken before the save — a replica that never
   catches up, the harshest lag there is — so the planner, who saved nothing, still reads the old text
   from it while the writer is kept on the primary;
4. two batch prints queued together are taken one by each task worker (worker ids from the task results).

Exits 1 if any check fails. PostgreSQL at 127.0.0.1:5432 is required.
"""

import argparse
import html
import json
import re
import sys
import time
from pathlib import Path

from bench import serving
from bench.forms import form_data
from bench.http_user import HttpUser, latest_report_edit_url, project_codes
from bench.load_data import LOAD_PASSWORD

PLANNER = "load-planner"
_SETUP = (
    "import json; from bench.load_data import ensure_data; from django.core.management import call_command; "
    "users = ensure_data(projects={projects}, users=2, seed=1); "
    f"call_command('add_user', '{PLANNER}', '--role', 'planner', '--password', '{LOAD_PASSWORD}'); "
    "from projects.fiscal import fiscal_year_of; from django.utils import timezone; "
    "print(json.dumps({{'users': users, 'fiscal_year': fiscal_year_of(timezone.localdate()) - 1}}))"
)


class Check:
    def __init__(self):
        self.failures: list[str] = []

    def __call__(self, ok: bool, what: str) -> bool:
        print(f"  [{'ok' if ok else 'FAILED'}] {what}")
        if not ok:
            self.failures.append(what)
        return ok


def signed_in(base_url: str, username: str) -> HttpUser:
    user = HttpUser(base_url)
    user.sign_in(username, LOAD_PASSWORD)
    return user


def on(user: HttpUser, base_url: str) -> HttpUser:
    """The same browser (same cookies), its next request sent by the load balancer to another server."""
    other = HttpUser(base_url)
    other.cookies = user.cookies
    return other


def editable_report(user: HttpUser, fiscal_year: int) -> tuple[str, str]:
    listing = user.get(f"/projects/?fiscal_year={fiscal_year}")
    for code in project_codes(listing.text):
        edit_url = latest_report_edit_url(user.get(f"/projects/{code}/").text)
        if edit_url:
            return code, edit_url
    raise RuntimeError("no project with a report to edit")


def batch_request(user: HttpUser, fiscal_year: int) -> int:
    page = user.get("/print/batches/")
    fields = form_data(page.text)
    fields["agency"] = re.search(r'<option value="(\d+)"', page.text).group(1)
    fields["fiscal_year"] = str(fiscal_year)
    response = user.post("/print/batches/", fields)
    if response.status != 302:
        raise RuntimeError(f"batch request refused: HTTP {response.status}")
    listing = user.get("/print/batches/")
    return int(re.search(r"/print/batches/(\d+)/status\.json", listing.text).group(1))


def wait_for_tasks(database_url: str, count: int, *, seconds: float) -> list[tuple[str, list[str]]]:
    """The task results, read on the primary (the frozen replica never sees the batches)."""
    deadline = time.monotonic() + seconds
    results = task_results(database_url)
    while time.monotonic() < deadline:
        results = task_results(database_url)
        if len(results) >= count and all(status in ("SUCCESSFUL", "FAILED") for status, _ in results):
            break
        time.sleep(0.5)
    return results


def batch_states(database_url: str) -> list[tuple[str, int, int]]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT state, done, total FROM reports_printbatch ORDER BY id").fetchall()


def task_results(database_url: str) -> list[tuple[str, list[str]]]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at"
        ).fetchall()
    return [(status, worker_ids) for status, worker_ids in rows]


def run(*, database: str, projects: int, log_dir: Path) -> list[str]:
    check = Check()
    database_url = serving.fresh_postgres_database(database)
    env = serving.server_environment(database_url, static_storage=serving.PLAIN_STORAGE, DB_POOL="false")
    setup = json.loads(
        serving.manage(env, "shell", "-c", _SETUP.format(projects=projects), capture=True).splitlines()[-1]
    )
    (staff_a, staff_b), fiscal_year = setup["users"], setup["fiscal_year"]
    # The stand-in replica: a copy of the primary as it is now, which will never receive the writes below.
    replica_url = serving.fresh_postgres_database(f"{database}_replica", template=database)
    env = serving.server_environment(
        database_url, static_storage=serving.PLAIN_STORAGE, DATABASE_REPLICA_URL=replica_url
    )
    with serving.running(log_dir) as processes:
        server_a = processes.app_server("app-a", env, port=serving.free_port(), workers=1)
        server_b = processes.app_server("app-b", env, port=serving.free_port(), workers=1)
        processes.task_worker("worker-1", env)
        processes.task_worker("worker-2", env)
        serving.wait_until_healthy(server_a)
        serving.wait_until_healthy(server_b)
        print(
            f"App servers {server_a} and {server_b}; task workers worker-1 and worker-2; database {database}"
        )

        answers = [HttpUser(url).get("/healthz") for url in (server_a, server_b, server_a, server_b)]
        check(
            all(a.status == 200 and a.body == b"ok" for a in answers), "round robin: A, B, A, B all answer ok"
        )

        writer = signed_in(server_a, staff_a)
        writer_on_b = on(writer, server_b)
        listing = writer_on_b.get(f"/projects/?fiscal_year={fiscal_year}")
        check(
            listing.status == 200 and bool(project_codes(listing.text)),
            "signed in on A, the session works on B",
        )

        code, edit_url = editable_report(writer, fiscal_year)
        fields = form_data(writer.get(edit_url).text)
        old_text = fields["text"]
        marker = f"บันทึกผ่านเครื่อง A เวลา {time.strftime('%H%M%S')}"
        fields["text"] = f"{old_text} · {marker}"
        saved = writer.post(edit_url, fields)
        check(saved.status == 302, f"report of {code} saved through A")
        page_on_b = writer_on_b.get(f"/projects/{code}/")
        check(marker in page_on_b.text, "the writer reads the save through B at once (kept on the primary)")
        planner = signed_in(server_b, PLANNER)
        planner_page = planner.get(f"/projects/{code}/")
        check(planner_page.status == 200, "the planner reads the project page through B")
        check(
            marker not in planner_page.text and html.escape(old_text.strip()[:30]) in planner_page.text,
            "the planner, who saved nothing, reads the (lagging) replica: the old text",
        )

        batches = [
            batch_request(writer, fiscal_year),
            batch_request(signed_in(server_b, staff_b), fiscal_year),
        ]
        results = wait_for_tasks(database_url, len(batches), seconds=180)
        states = batch_states(database_url)
        check(
            len(states) == 2 and all(state == "done" and done == total > 0 for state, done, total in states),
            f"two batch prints done (state, forms printed, forms): {states}",
        )
        # Which worker claims which batch is the scheduler's choice (one may take both while the other
        # sleeps between polls); what sharing one database must guarantee is that each batch runs once.
        taken = [ids for status, ids in results if ids]
        check(
            len(taken) == 2 and all(len(ids) == 1 and ids[0] in ("worker-1", "worker-2") for ids in taken),
            f"each batch taken once by one of the two task workers: {results}",
        )
    return check.failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="tracker_load_cluster")
    parser.add_argument("--projects", type=int, default=600)
    args = parser.parse_args(argv)
    if not serving.postgres_reachable():
        print("PostgreSQL does not answer at 127.0.0.1:5432: the cluster needs one shared database")
        return 1
    failures = run(
        database=args.database, projects=args.projects, log_dir=serving.REPO / "artifacts" / "cluster"
    )
    print("All checks passed" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
