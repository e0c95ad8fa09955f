"""`make load`: a bounded Locust load test of the production-style server on this machine (127.0.0.1 only).

Sets up its own data (`seed_demo` projects, one staff account per agency and a few planners, made with
`add_user`), starts what `make serve` starts (gunicorn with two worker processes, a task worker) on a free
loopback port, then runs the people of `bench/locustfile.py` headless: `--users` of them (one in ten a planner)
for `--duration` seconds. Prints requests, failures, throughput and p50/p95 per kind from Locust's CSV stats;
exits 1 on any failure.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bench import serving
from bench.http_user import require_loopback
from projects.fiscal import fiscal_year_of

BANGKOK = ZoneInfo("Asia/Bangkok")
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def planners_among(users: int) -> int:
    """One simulated person in ten reads as the planning office; at least one."""
    return max(1, users // 10)


def prepare(database_url: str, *, projects: int, users: int, seed: int, static_storage: str) -> dict:
    """Data and static files, in child processes: this one never imports the settings.

    The accounts: `{"staff": [...], "planners": [...]}`, `users` in all.
    """
    env = serving.server_environment(database_url, static_storage=static_storage, DB_POOL="false")
    planners = planners_among(users)
    setup = _SETUP.format(projects=projects, staff=users - planners, planners=planners, seed=seed)
    output = serving.manage(env, "shell", "-c", setup, capture=True)
    accounts = json.loads(output.strip().splitlines()[-1])
    if static_storage == serving.MANIFEST_STORAGE:
        serving.manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    return accounts


_SETUP = (
    "import json; from bench.load_data import ensure_data, ensure_planners; "
    "staff = ensure_data(projects={projects}, users={staff}, seed={seed}); "
    "print(json.dumps({{'staff': staff, 'planners': ensure_planners({planners})}}))"
)


def run_locust(
    base_url: str,
    accounts: dict,
    *,
    duration: float,
    csv_prefix: Path,
    think: float = 1.0,
    fiscal_year: int | None = None,
) -> dict:
    """Locust headless, one simulated person per account, for `duration` seconds; its stats summarized."""
    require_loopback(urlsplit(base_url).hostname or "")
    users = len(accounts["staff"]) + len(accounts["planners"])
    # The last complete fiscal year: every project has its twelve months of reports to open and save.
    fiscal_year = fiscal_year or fiscal_year_of(datetime.now(BANGKOK).date()) - 1
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(serving.REPO),
        LOAD_STAFF=",".join(accounts["staff"]),
        LOAD_PLANNERS=",".join(accounts["planners"]),
        LOAD_FISCAL_YEAR=str(fiscal_year),
        LOAD_THINK=str(think),
    )
    csv_prefix.parent.mkdir(parents=True, exist_ok=True)
    args = [
        sys.executable,
        "-m",
        "locust",
        "--locustfile",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        base_url,
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1.0, users / 5)),  # everyone started within about five seconds
        "--run-time",
        f"{duration:.0f}s",
        "--stop-timeout",
        "30",  # a person's request under way is answered, never cut off
        "--csv",
        str(csv_prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    # Bounded: Locust stops itself after the run time; the timeout only guards against a hung process.
    run = subprocess.run(
        args, cwd=serving.REPO, env=env, timeout=duration + 120, capture_output=True, text=True
    )
    if not Path(f"{csv_prefix}_stats.csv").exists():
        raise RuntimeError(f"Locust wrote no stats (exit {run.returncode}):\n{run.stderr[-3000:]}")
    return read_stats(csv_prefix)


def read_stats(csv_prefix: Path) -> dict:
    """Locust's `<prefix>_stats.csv` and `<prefix>_failures.csv`: per kind and in all."""
    with open(f"{csv_prefix}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    with open(f"{csv_prefix}_failures.csv", newline="") as failures:
        failure_rows = list(csv.DictReader(failures))

    def numbers(row: dict) -> dict:
        return {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "req_per_s": round(float(row["Requests/s"]), 2),
            "p50_ms": float(row["50%"]) if row["50%"] != "N/A" else 0.0,
            "p95_ms": float(row["95%"]) if row["95%"] != "N/A" else 0.0,
        }

    kinds = {}
    for row in rows:
        if row["Name"] != "Aggregated":
            kinds[f"{row['Name']} {row['Type']}"] = numbers(row)
    total = next(numbers(row) for row in rows if row["Name"] == "Aggregated")
    messages = [f"{row['Name']} ×{row['Occurrences']}: {row['Error']}" for row in failure_rows]
    return total | {"kinds": kinds, "failure_messages": messages}


def print_summary(result: dict) -> None:
    print(f"{'kind':<22}{'requests':>9}{'failures':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for kind, k in [*result["kinds"].items(), ("all", result)]:
        print(
            f"{kind:<22}{k['requests']:>9}{k['failures']:>9}{k['req_per_s']:>8}{k['p50_ms']:>9.0f}{k['p95_ms']:>9.0f}"
        )
    for message in result["failure_messages"]:
        print(f"  failure: {message}")


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
    planners = planners_among(args.users)
    print(
        f"Database: {label}; {args.projects:,} projects, {args.users - planners} staff and {planners} planners"
    )
    started = time.perf_counter()
    accounts = prepare(
        database_url,
        projects=args.projects,
        users=args.users,
        seed=args.seed,
        static_storage=serving.MANIFEST_STORAGE,
    )
    print(f"Data and static files ready in {time.perf_counter() - started:.0f} s")
    env = serving.server_environment(database_url)
    artifacts = serving.REPO / "artifacts" / "load"
    with serving.running(artifacts) as processes:
        base_url = processes.app_server("gunicorn", env, port=serving.free_port(), workers=args.web_workers)
        processes.task_worker("load-worker-1", env)
        serving.wait_until_healthy(base_url)
        print(
            f"Serving on {base_url} ({args.web_workers} gunicorn workers); Locust, {args.users} users for"
            f" {args.duration:.0f} s (CSV stats in {artifacts})"
        )
        result = run_locust(
            base_url, accounts, duration=args.duration, think=args.think, csv_prefix=artifacts / "locust"
        )
    result.update(database=label, users=args.users, duration_s=args.duration, think_s=args.think)
    print_summary(result)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return 1 if result["failures"] or not result["requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
