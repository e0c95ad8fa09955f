"""`make bench`: the pages people use, timed at city scale, against two baselines.

Builds (or reuses) a database of one fiscal year with `seed_demo` — PostgreSQL when a server answers at
127.0.0.1:5432, else SQLite — then requests each page through Django's full middleware stack, at least
`--runs` times, and reports median, p95 and SQL queries, with ratios to the Django admin changelist (what a
team would otherwise hand its users) and to a bare view returning HTML of the same size (the framework's
floor). Writes `bench/results.json`.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench.serving import PG_SERVER, postgres_reachable

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results.json"


def choose_database(scale: int, engine: str) -> tuple[str, str]:
    """(DATABASE_URL, label). A database per scale, so growth runs do not rebuild each other's."""
    if engine == "postgres" or (engine == "auto" and postgres_reachable()):
        import psycopg

        name = f"tracker_bench_{scale}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
        return f"{PG_SERVER}/{name}", "PostgreSQL"
    return f"sqlite:///{REPO / 'bench' / f'bench-{scale}.sqlite3'}", "SQLite"


def bench_environment(database_url: str) -> dict[str, str]:
    """Production-like settings: no debug, no query logging, plain static storage (no collectstatic needed)."""
    return {
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
    }


def previous_runs(database: str) -> dict[int, dict]:
    """The last run at each scale on the same kind of database, from `bench/results-<scale>.json`."""
    runs = {}
    for path in sorted((REPO / "bench").glob("results-*.json")):
        run = json.loads(path.read_text())
        if run.get("database") == database:
            runs[run["scale"]] = run
    return runs


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10_000, help="projects in the fiscal year")
    parser.add_argument("--runs", type=int, default=30, help="requests per case (at least 30)")
    parser.add_argument("--engine", choices=["auto", "postgres", "sqlite"], default="auto")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    runs = max(args.runs, 30)

    database_url, label = choose_database(args.scale, args.engine)
    os.environ.update(bench_environment(database_url))
    print(f"Database: {label} ({database_url.rsplit('/', 1)[-1]}), scale {args.scale:,} projects")

    started = time.perf_counter()
    manage("migrate", "--no-input", "--verbosity", "0")
    from bench.build import ensure_data  # after the environment is set: it sets Django up

    fiscal_year = ensure_data(scale=args.scale, seed=args.seed, manage=manage)
    print(f"Data ready in {time.perf_counter() - started:.0f} s (fiscal year {fiscal_year})")

    from bench.cases import run_all
    from bench.report import growth_lines, print_table, targets_for

    results, memory_mb = run_all(fiscal_year=fiscal_year, runs=runs)
    targets = targets_for(results, scale=args.scale, memory_mb=memory_mb)
    others = {scale: run["cases"] for scale, run in previous_runs(label).items() if scale != args.scale}
    targets += growth_lines({**others, args.scale: results})
    print_table(results, targets)
    payload = {
        "database": label,
        "scale": args.scale,
        "fiscal_year": fiscal_year,
        "runs": runs,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "web_worker_peak_rss_mb": round(memory_mb, 1),
        "cases": results,
        "targets": targets,
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    RESULTS.write_text(text)
    # One file per scale as well: the growth lines compare the runs at each scale on the same database.
    (REPO / "bench" / f"results-{args.scale}.json").write_text(text)
    print(f"Wrote {RESULTS.relative_to(REPO)} in {payload['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
