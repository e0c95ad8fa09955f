"""The Locust load test in a tiny configuration: a live gunicorn on SQLite, two staff and a planner for six seconds."""

import pytest

from bench import load, serving
from bench.http_user import latest_report_edit_url, project_codes, require_loopback


def test_only_loopback_addresses_are_targets(tmp_path):
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "[::1]"):
        require_loopback(host)
    for host in ("10.0.0.5", "192.168.1.10", "example.org", "8.8.8.8", "0.0.0.0"):
        with pytest.raises(SystemExit, match="not a loopback address"):
            require_loopback(host)
    accounts = {"staff": ["someone"], "planners": []}
    with pytest.raises(SystemExit, match="not a loopback address"):
        load.run_locust("http://192.168.1.10:8000", accounts, duration=1, csv_prefix=tmp_path / "locust")


def test_links_are_read_from_pages():
    html = (
        '<a href="/projects/2566/P-001/">P-001</a><a href="/projects/id/7/">ไม่มีรหัส</a>'
        '<a href="/projects/2566/P-001/"><a href="/projects/2566/P-002/">P-002</a>'
    )
    assert project_codes(html) == ["2566/P-001", "2566/P-002"]
    page = (
        '<a href="/projects/2566/P-1/reports/2/edit/">แก้ไข</a> '
        '<a href="/projects/2566/P-1/reports/10/edit/">แก้ไข</a>'
    )
    assert latest_report_edit_url(page) == "/projects/2566/P-1/reports/10/edit/"
    assert latest_report_edit_url("<p>ยังไม่มีรายงาน</p>") is None


def test_three_people_for_a_few_seconds_make_no_failure(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    accounts = load.prepare(database_url, projects=40, users=3, seed=3, static_storage=serving.PLAIN_STORAGE)
    assert accounts == {"staff": ["load-staff-001", "load-staff-002"], "planners": ["load-planner-001"]}
    env = serving.server_environment(database_url, static_storage=serving.PLAIN_STORAGE)
    with serving.running(tmp_path / "logs") as processes:
        base_url = processes.app_server("gunicorn", env, port=serving.free_port(), workers=2)
        serving.wait_until_healthy(base_url)
        result = load.run_locust(base_url, accounts, duration=6, think=0.1, csv_prefix=tmp_path / "locust")

    assert result["failure_messages"] == []
    assert result["failures"] == 0
    kinds = result["kinds"]
    # Each person signed in once through the form and read the year's list; then worked (the mix and its
    # checks — a save shows on the page it leads to, a PDF is a PDF — are failures when they fail).
    assert kinds["sign_in POST"] == kinds["sign_in POST"] | {"requests": 3, "failures": 0}
    assert kinds["project_list GET"]["requests"] >= 3
    assert result["requests"] > 3 * 3
    assert result["requests"] == sum(k["requests"] for k in kinds.values())
    assert result["req_per_s"] > 0 and result["p95_ms"] > 0
