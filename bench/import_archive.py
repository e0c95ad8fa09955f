"""`make bench-import`: import an archive of FILES generated legacy files (half web pages, half OCR'd printed
forms, from `tests/legacy_writer.py`) into a fresh SQLite database with `import_legacy DIR`, and report the
wall time, the files per second and the importer's memory over the run (sampled every second: flat means the
last samples are no higher than the first ones after warm-up). Target: 10,000 files in 5 minutes on 2 cores.

The machine may be shared: the load average before and after is printed, and the CPU time the import used
(its processes together) and the files per CPU second, which other work on the machine does not change.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def generate(folder: Path, count: int) -> None:
    """`count` files in folders of 500, distinct projects (serial numbers), fixed seed."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from tests import legacy_writer as writer

    rng = random.Random(20261201)
    for n in range(count):
        sub = folder / f"batch-{n // 500:03d}"
        sub.mkdir(exist_ok=True)
        project = writer.random_project(rng, serial=n + 1)
        form = writer.web_page if n % 2 else writer.printed_form
        (sub / f"{form.__name__}-{n:05d}.txt").write_text(form(project, rng), encoding="utf-8")


def _rss_kb(pid: int) -> int:
    """Resident memory of the process and its children (the parsing workers), in kB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _children_cpu() -> float:
    """User and system seconds of the finished child processes (and theirs, the parsing workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="legacy-archive-") as tmp:
        tmp = Path(tmp)
        archive = tmp / "archive"
        archive.mkdir()
        started = time.perf_counter()
        generate(archive, args.files)
        generated = time.perf_counter() - started
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp / 'import.sqlite3'}",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef",
            "LOG_LEVEL": "WARNING",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=REPO, env=env, check=True)
        summary = tmp / "summary.csv"
        command = [
            *manage,
            "import_legacy",
            str(archive),
            "--summary",
            str(summary),
            "--workers",
            str(args.workers),
            "-v",
            "0",
        ]
        load_before = os.getloadavg()
        cpu_before = _children_cpu()
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        samples = []
        while process.poll() is None:
            samples.append(_rss_kb(process.pid))
            time.sleep(1)
        elapsed = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
        load_after = os.getloadavg()
        errors = process.stderr.read().decode()
        outcomes: dict[str, int] = {}
        for line in summary.read_text(encoding="utf-8-sig").splitlines()[1:]:
            outcome = line.split(",")[1]
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        # The rerun: every file unchanged, skipped by its hash.
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rerun = time.perf_counter() - started
    warm = samples[len(samples) // 10 :] or samples
    result = {
        "files": args.files,
        "workers": args.workers,
        "generate_seconds": round(generated, 1),
        "import_seconds": round(elapsed, 1),
        "files_per_second": round(args.files / elapsed, 1),
        "rerun_seconds": round(rerun, 1),
        "outcomes": outcomes,
        "rss_mb_first_after_warmup": round(warm[0] / 1024, 1) if warm else None,
        "rss_mb_last": round(samples[-1] / 1024, 1) if samples else None,
        "rss_mb_peak": round(max(samples) / 1024, 1) if samples else None,
        # the target's rate (10,000 files in 300 s), so a smaller run says whether the whole one would meet it
        "target_met": args.files / elapsed >= 10_000 / 300,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "cpu_seconds": round(cpu, 1),
        "files_per_cpu_second": round(args.files / cpu, 1),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if process.returncode not in (0, 1) or "Traceback" in errors:
        print(errors[-2000:], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
