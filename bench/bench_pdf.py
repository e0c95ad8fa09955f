"""Render-time benchmark of the certified project form: prints the median time of N renders.

    python bench/bench_pdf.py [--runs N] [--reports R]

Runs against a throw-away SQLite database in bench/ (migrated on first use), with a project shaped
like the legacy form 04160000-6968; nothing is written to the application's database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'bench_pdf.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="renders to time (default 7)")
    parser.add_argument("--reports", type=int, default=10, help="reports on the form (default 10)")
    options = parser.parse_args()
    setup_django()

    from django.db import transaction

    from reports import pdf, printing
    from reports.documents import project_form_snapshot
    from tests.reports.pdf_fixtures import REPORTS, legacy_project

    with transaction.atomic():
        project = legacy_project(reports=min(options.reports, len(REPORTS)))
        snapshot = project_form_snapshot(project.pk)
        document = printing.record_document(
            kind="project_form", snapshot=snapshot, user=None, project_id=project.pk, fiscal_year=2566
        )
        html = printing.project_form_html(snapshot, printing.print_meta(document, "http://127.0.0.1:8000"))
        pdf.render(html)  # warm-up: font loading, CSS parsing caches
        times, pages = [], 0
        for _ in range(options.runs):
            start = time.perf_counter()
            rendered = pdf.render(html)
            times.append(time.perf_counter() - start)
            pages = rendered.page_count
        transaction.set_rollback(True)  # leave the benchmark database as it was

    print(
        f"project form ({len(snapshot['reports'])} reports, {pages} pages): "
        f"median {statistics.median(times) * 1000:.0f} ms over {options.runs} renders "
        f"(min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
