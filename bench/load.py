"""`make load`: a bounded load test of the production-style server on this machine (127.0.0.1 only).

Sets up its own data (`seed_demo` projects, one staff account per agency made with `add_user`), starts what
`make serve` starts (gunicorn with two worker processes, a task worker) on a free loopback port, then lets
`--users` simulated staff work for `--duration` seconds: the project list with a filter, a project page,
a monthly report opened and saved back with a changed text (the saved text must show on the page the save
leads to), and the printed PDF form. Reports requests, errors, throughput and p50/p95 per kind; exits 1 on
any error (HTTP status ≥ 400, a refused save, a stale page after a save, an exception).
"""

import argparse
import json
import random
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench import serving
from bench.forms import form_data
from bench.http_user import HttpUser, latest_report_edit_url, project_codes, require_loopback
from bench.load_data import LOAD_PASSWORD
from bench.stats import p95
from projects.fiscal import fiscal_year_of

KINDS = ("sign_in", "project_list", "project_page", "report_form", "report_save", "pdf_form")
# How often each action is picked: reading is what people mostly do; a PDF is rarer and costs most.
MIX = {"project_list": 3, "project_page": 3, "report_entry": 2, "pdf_form": 1}
BANGKOK = ZoneInfo("Asia/Bangkok")
LIST_FILTERS = ("status=active", "plan_status=on_plan", "status=delayed", "")


@dataclass
class Tally:
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    messages: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float | None, error: str | None = None) -> None:
        """A request (`seconds`; 0 when it raised), or with None a failed check on an answered request."""
        with self.lock:
            if seconds is not None:
                self.seconds[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                if len(self.messages) < 20:
                    self.messages.append(f"{kind}: {error}")


class SimulatedStaff:
    def __init__(
        self,
        base_url: str,
        username: str,
        tally: Tally,
        *,
        fiscal_year: int,
        think: float,
        rng: random.Random,
    ):
        self.user = HttpUser(base_url)
        self.username = username
        self.tally = tally
        self.think = think
        self.rng = rng
        self.fiscal_year = fiscal_year
        self.codes: list[str] = []
        self.without_reports: set[str] = set()
        self.saves = 0

    def timed(self, kind: str, method: str, path: str, data=None, *, expect=(200,), referer=None):
        try:
            response = self.user.request(method, path, data, referer)
        except Exception as error:  # a dropped connection or a timeout is an error like any other
            self.tally.record(kind, 0.0, f"{path}: {type(error).__name__}: {error}")
            self.user.close()
            return None
        problem = None if response.status in expect else f"{path}: HTTP {response.status}"
        self.tally.record(kind, response.seconds, problem)
        return response if problem is None else None

    def sign_in(self) -> bool:
        started = time.perf_counter()
        try:
            self.user.sign_in(self.username, LOAD_PASSWORD)
        except Exception as error:
            self.tally.record("sign_in", time.perf_counter() - started, str(error))
            return False
        self.tally.record("sign_in", time.perf_counter() - started)
        return True

    def find_projects(self) -> bool:
        """The user's projects of the year, from the list as the user sees it."""
        listing = self.timed("project_list", "GET", f"/projects/?fiscal_year={self.fiscal_year}")
        self.codes = project_codes(listing.text) if listing else []
        if listing and not self.codes:
            self.tally.record("project_list", None, f"{self.username} sees no project of {self.fiscal_year}")
        return bool(self.codes)

    def project_list(self) -> None:
        query = self.rng.choice(LIST_FILTERS)
        self.timed("project_list", "GET", f"/projects/?fiscal_year={self.fiscal_year}&{query}")

    def project_page(self) -> None:
        self.timed("project_page", "GET", f"/projects/{self.rng.choice(self.codes)}/")

    def pdf_form(self) -> None:
        response = self.timed("pdf_form", "GET", f"/projects/{self.rng.choice(self.codes)}/form.pdf")
        if response is not None and not response.body.startswith(b"%PDF"):
            self.tally.record("pdf_form", None, "the form is not a PDF")

    def report_entry(self) -> None:
        """Open the newest report of one of the user's projects, change its text, save, see the change."""
        for _ in range(3):  # a project may have no report yet: try another
            candidates = [c for c in self.codes if c not in self.without_reports]
            if not candidates:
                return
            code = self.rng.choice(candidates)
            page = self.timed("project_page", "GET", f"/projects/{code}/")
            if page is None:
                return  # already counted as an error
            edit_url = latest_report_edit_url(page.text)
            if edit_url is not None:
                break
            self.without_reports.add(code)
        else:
            return
        form = self.timed("report_form", "GET", edit_url)
        if form is None:
            return
        fields = form_data(form.text)
        self.saves += 1
        marker = f"ปรับปรุงโดย {self.username} ครั้งที่ {self.saves}"
        fields["text"] = (fields.get("text") or "").split(" · ")[0] + f" · {marker}"
        saved = self.timed("report_save", "POST", edit_url, fields, expect=(302,))
        if saved is None:
            return
        location = saved.headers.get("location", "")
        if f"/projects/{code}/" not in location:
            self.tally.record("report_save", None, f"{edit_url}: save led to {location!r}, not the project")
            return
        after = self.timed("project_page", "GET", location)
        if after is not None and marker not in after.text:
            self.tally.record("report_save", None, f"{location}: the page after the save does not show it")

    def run(self, clock: "Clock", delay: float, max_actions: int) -> None:
        time.sleep(delay)  # people do not all sign in in the same instant
        signed_in = self.sign_in()
        if not clock.all_signed_in():
            return
        deadline = clock.deadline
        if not signed_in or not self.find_projects():
            return
        actions = list(MIX)
        weights = list(MIX.values())
        # Every kind once first, in a random order, then the weighted mix.
        plan = self.rng.sample(actions, len(actions))
        for number in range(max_actions):
            if time.monotonic() >= deadline:
                break
            action = plan[number] if number < len(plan) else self.rng.choices(actions, weights)[0]
            getattr(self, action)()
            pause = self.think * self.rng.uniform(0.5, 1.5)
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))
        self.user.close()


class Clock:
    """The work starts when every user has signed in, and lasts `duration` seconds from then."""

    SIGN_IN_LIMIT = 120  # seconds for everyone to sign in

    def __init__(self, users: int, duration: float):
        self.duration = duration
        self.barrier = threading.Barrier(users, action=self._start)
        self.started = self.deadline = None

    def _start(self) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + self.duration

    def all_signed_in(self) -> bool:
        try:
            self.barrier.wait(timeout=self.SIGN_IN_LIMIT)
        except threading.BrokenBarrierError:
            return False
        return True


def run_load(
    base_url: str,
    usernames: list[str],
    *,
    duration: float,
    think: float = 1.0,
    seed: int = 1,
    fiscal_year: int | None = None,
) -> dict:
    """Drive the server with one thread per user; bounded by `duration` and by a count per user."""
    require_loopback(base_url.split("//", 1)[-1].rsplit(":", 1)[0])
    # The last complete fiscal year: every project has its twelve months of reports to open and save.
    fiscal_year = fiscal_year or fiscal_year_of(datetime.now(BANGKOK).date()) - 1
    tally = Tally()
    clock = Clock(len(usernames), duration)
    # Enough actions to fill the time however fast the server answers, never an unbounded loop.
    max_actions = int(duration / max(think * 0.5, 0.05)) + 1
    ramp = min(5.0, duration / 4)
    threads = []
    for i, username in enumerate(usernames):
        staff = SimulatedStaff(
            base_url,
            username,
            tally,
            fiscal_year=fiscal_year,
            think=think,
            rng=random.Random(seed * 1000 + i),
        )
        delay = ramp * i / len(usernames)
        threads.append(threading.Thread(target=staff.run, args=(clock, delay, max_actions), daemon=True))
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, began + ramp + clock.SIGN_IN_LIMIT + duration + 90 - time.monotonic()))
    ended = time.monotonic()
    hung = sum(t.is_alive() for t in threads)
    if hung:
        tally.messages.append(f"{hung} users still waiting for an answer when the test ended")
    if clock.started is None:
        tally.messages.append("not every user signed in within the time allowed")
        return summarize(tally, ended - began, hung + 1, sign_in_seconds=ended - began)
    return summarize(tally, ended - clock.started, hung, sign_in_seconds=clock.started - began)


def summarize(tally: Tally, elapsed: float, hung: int = 0, *, sign_in_seconds: float | None = None) -> dict:
    """Per kind and for all work after signing in; signing in is timed over its own phase."""
    kinds = {}
    for kind in KINDS:
        seconds = [s for s in tally.seconds.get(kind, []) if s > 0] or [0.0]
        count = len(tally.seconds.get(kind, []))
        window = sign_in_seconds if kind == "sign_in" and sign_in_seconds else elapsed
        kinds[kind] = {
            "requests": count,
            "errors": tally.errors.get(kind, 0),
            "req_per_s": round(count / window, 2),
            "p50_ms": round(sorted(seconds)[len(seconds) // 2] * 1000, 1),
            "p95_ms": round(p95(seconds) * 1000, 1),
        }
    work = [kind for kind in KINDS if kind != "sign_in"]
    every = [s for kind in work for s in tally.seconds.get(kind, []) if s > 0] or [0.0]
    total = sum(kinds[kind]["requests"] for kind in work)
    return {
        "elapsed_s": round(elapsed, 1),
        "sign_in_s": round(sign_in_seconds, 1) if sign_in_seconds else None,
        "requests": total,
        "errors": sum(k["errors"] for k in kinds.values()) + hung,
        "req_per_s": round(total / elapsed, 1),
        "p50_ms": round(sorted(every)[len(every) // 2] * 1000, 1),
        "p95_ms": round(p95(every) * 1000, 1),
        "kinds": kinds,
        "error_messages": tally.messages,
    }


def print_summary(result: dict) -> None:
    print(f"{'kind':<14}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for kind, k in result["kinds"].items():
        row = (
            f"{kind:<14}{k['requests']:>9}{k['errors']:>8}{k['req_per_s']:>8}{k['p50_ms']:>9}{k['p95_ms']:>9}"
        )
        print(row)
    print(
        f"{'all but sign':<14}{result['requests']:>9}{result['errors']:>8}{result['req_per_s']:>8}"
        f"{result['p50_ms']:>9}{result['p95_ms']:>9}   (after signing in: {result['elapsed_s']} s;"
        f" signing in took {result['sign_in_s']} s)"
    )
    for message in result["error_messages"]:
        print(f"  error: {message}")


def prepare(database_url: str, *, projects: int, users: int, seed: int, static_storage: str) -> list[str]:
    """Data and static files, in child processes: this one never imports the settings."""
    env = serving.server_environment(database_url, static_storage=static_storage, DB_POOL="false")
    output = serving.manage(
        env, "shell", "-c", _SETUP.format(projects=projects, users=users, seed=seed), capture=True
    )
    usernames = json.loads(output.strip().splitlines()[-1])
    if static_storage == serving.MANIFEST_STORAGE:
        serving.manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    return usernames


_SETUP = (
    "import json; from bench.load_data import ensure_data; "
    "print(json.dumps(ensure_data(projects={projects}, users={users}, seed={seed})))"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a user's actions, s")
    parser.add_argument("--projects", type=int, default=3000)
    parser.add_argument("--engine", choices=["auto", "postgres", "sqlite"], default="auto")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    if args.engine == "postgres" or (args.engine == "auto" and serving.postgres_reachable()):
        database_url, label = serving.ensure_postgres_database("tracker_load_bench"), "PostgreSQL"
    else:
        database_url, label = f"sqlite:///{serving.REPO / 'bench' / 'load.sqlite3'}", "SQLite"
    print(f"Database: {label}; {args.projects:,} projects, {args.users} staff users")
    started = time.perf_counter()
    usernames = prepare(
        database_url,
        projects=args.projects,
        users=args.users,
        seed=args.seed,
        static_storage=serving.MANIFEST_STORAGE,
    )
    print(f"Data and static files ready in {time.perf_counter() - started:.0f} s")
    env = serving.server_environment(database_url)
    with serving.running(serving.REPO / "artifacts" / "load") as processes:
        base_url = processes.app_server("gunicorn", env, port=serving.free_port(), workers=args.web_workers)
        processes.task_worker("load-worker-1", env)
        serving.wait_until_healthy(base_url)
        print(
            f"Serving on {base_url} ({args.web_workers} gunicorn workers); {args.users} users for {args.duration:.0f} s"
        )
        result = run_load(base_url, usernames, duration=args.duration, think=args.think, seed=args.seed)
    result.update(database=label, users=args.users, duration_s=args.duration, think_s=args.think)
    print_summary(result)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
