"""The targets, and the table `make bench` prints."""

TARGETS_AT = 10_000  # the absolute page-time targets are set for a city year of this size


def _line(target: str, measured, limit, unit: str, met: bool | None) -> dict:
    return {"target": target, "measured": measured, "limit": limit, "unit": unit, "met": met}


def targets_for(results: dict[str, dict], *, scale: int, memory_mb: float) -> list[dict]:
    def line(name, measured, limit, unit, applies=True):
        return _line(
            name, measured, limit, unit, None if measured is None or not applies else measured <= limit
        )

    def median(case):
        return results.get(case, {}).get("median_ms")

    at_scale = scale == TARGETS_AT
    lines = [
        line("project page median ≤ 40 ms", median("project_page"), 40, "ms", at_scale),
        line("project list median ≤ 60 ms", median("project_list"), 60, "ms", at_scale),
        # Set at a city year's size: on a small year the admin's own fixed costs weigh more than its counting.
        line(
            "project list ≤ 0.5 × admin changelist", results["project_list"]["vs_admin"], 0.5, "×", at_scale
        ),
        line("web worker memory ≤ 200 MB", round(memory_mb, 1), 200, "MB"),
    ]
    if "quarter_city" in results:
        lines.insert(
            2, line("quarter page, whole city ≤ 300 ms", median("quarter_city"), 300, "ms", at_scale)
        )
    if "quarter_city_closed" in results:
        lines.insert(
            3,
            line(
                "closed quarter page, whole city ≤ 10 × bare view",
                results["quarter_city_closed"]["vs_bare"],
                10,
                "×",
                at_scale,
            ),
        )
    if "close_quarter" in results:
        lines.append(line("closing a quarter ≤ 10 s", results["close_quarter"]["seconds"], 10, "s", at_scale))
    if "pdf_form" in results:
        lines.append(line("one 4-page form ≤ 1 s", median("pdf_form"), 1000, "ms"))
    if "batch_50" in results:
        lines.append(line("50 forms with two workers ≤ 40 s", results["batch_50"]["seconds"], 40, "s"))
    if "reminders_day" in results:
        lines.append(line("a day's reminders ≤ 60 s", results["reminders_day"]["seconds"], 60, "s", at_scale))
    return lines


# Pages whose time must not grow with the database: they show a fixed number of rows.
# A closed quarter's page reads one page of frozen rows: it stays flat too.
FLAT_CASES = ("project_page", "project_list", "project_list_late_page", "quarter_city_closed")
FLAT_TIME_FACTOR = 1.5  # from the smallest to the largest scale run, allowing for noise and deeper indexes
# Pages that count, sum or chart every project they cover — the quarter's summary and roll-ups, the filtered
# list's count and the sort of its matches (one agency's active projects: a few dozen in a year of 1,000
# projects, over a thousand in a year of 100,000): their time may grow as much as those projects do, no faster.
COVERING_CASES = ("project_list_filtered", "quarter_city", "quarter_agency", "reminders_day")


def growth_lines(runs: dict[int, dict[str, dict]]) -> list[dict]:
    """Targets across the runs at different scales (`{scale: cases}`): every page keeps its query count; the
    fixed-size pages keep their time; the quarter pages grow no faster than the number of projects they
    cover. Nothing to say with one scale."""
    if len(runs) < 2:
        return []
    small, large = min(runs), max(runs)
    a, b = runs[small], runs[large]
    span = f"{small:,} → {large:,}"
    lines = []
    for case in FLAT_CASES + COVERING_CASES:
        if case not in a or case not in b:
            continue
        queries = f"{a[case]['queries']} → {b[case]['queries']}"
        lines.append(
            _line(
                f"{case}: same queries {span}", queries, "equal", "", a[case]["queries"] == b[case]["queries"]
            )
        )
        ratio = round(b[case]["median_ms"] / a[case]["median_ms"], 2)
        if case in FLAT_CASES:
            target, limit = f"{case}: time ×{FLAT_TIME_FACTOR} at most {span}", FLAT_TIME_FACTOR
        else:
            covered = (a[case].get("projects") or small, b[case].get("projects") or large)
            target = f"{case}: time grows ≤ its projects ({covered[0]:,} → {covered[1]:,})"
            limit = round(covered[1] / covered[0], 2)
        lines.append(_line(target, ratio, limit, "×", ratio <= limit))
    return lines


def print_table(results: dict[str, dict], targets: list[dict]) -> None:
    print()
    print(f"{'case':<26} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'× admin':>8} {'× bare':>7}  label")
    for name, r in results.items():
        queries = "–" if r["queries"] is None else r["queries"]
        print(
            f"{name:<26} {r['median_ms']:>10.1f} {r['p95_ms']:>9.1f} {queries:>8} "
            f"{r['vs_admin'] or 0:>8.2f} {r['vs_bare'] or 0:>7.2f}  {r['label']}"
        )
    print()
    for t in targets:
        state = {True: "met", False: "NOT MET", None: "n/a at this scale"}[t["met"]]
        print(f"  [{state:^17}] {t['target']:<42} measured {t['measured']} {t['unit']}")
    print()
