"""The load tool in a tiny configuration: a live gunicorn on SQLite, three staff users for six seconds after signing in."""

import pytest

from bench import load, serving
from bench.http_user import latest_report_edit_url, project_codes, require_loopback


def test_only_loopback_addresses_are_targets():
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "[::1]"):
        require_loopback(host)
    for host in ("10.0.0.5", "192.168.1.10", "example.org", "8.8.8.8", "0.0.0.0"):
        with pytest.raises(SystemExit, match="not a loopback address"):
            require_loopback(host)
    with pytest.raises(SystemExit):
        load.run_load("http://192.168.1.10:8000", ["someone"], duration=1)


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


def test_three_users_for_six_seconds_make_no_error(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    usernames = load.prepare(database_url, projects=60, users=3, seed=3, static_storage=serving.PLAIN_STORAGE)
    assert usernames == ["load-staff-001", "load-staff-002", "load-staff-003"]
    env = serving.server_environment(database_url, static_storage=serving.PLAIN_STORAGE)
    with serving.running(tmp_path / "logs") as processes:
        base_url = processes.app_server("gunicorn", env, port=serving.free_port(), workers=2)
        serving.wait_until_healthy(base_url)
        result = load.run_load(base_url, usernames, duration=6, think=0.2)

    assert result["error_messages"] == []
    assert result["errors"] == 0
    kinds = result["kinds"]
    assert kinds["sign_in"]["requests"] == 3
    for kind in ("project_list", "project_page", "report_form", "report_save", "pdf_form"):
        assert kinds[kind]["requests"] > 0, kind
    # Every save was followed by its project page, which showed the new text (else it would be an error).
    assert kinds["project_page"]["requests"] >= kinds["report_save"]["requests"]


def test_summary_counts_requests_errors_throughput_and_percentiles():
    tally = load.Tally()
    for tenth in range(1, 11):
        tally.record("project_page", tenth / 10)
    tally.record("report_save", 0.2, "/projects/P-1/reports/3/edit/: HTTP 200")  # a refused save
    tally.record("report_save", None, "/projects/P-1/: the page after the save does not show it")
    result = load.summarize(tally, elapsed=5.0)

    page = result["kinds"]["project_page"]
    assert page == {"requests": 10, "errors": 0, "req_per_s": 2.0, "p50_ms": 600.0, "p95_ms": 1000.0}
    assert result["kinds"]["report_save"]["requests"] == 1
    assert result["kinds"]["report_save"]["errors"] == 2
    assert result["kinds"]["pdf_form"]["requests"] == 0
    assert (result["requests"], result["errors"], result["req_per_s"]) == (11, 2, 2.2)
    assert len(result["error_messages"]) == 2
