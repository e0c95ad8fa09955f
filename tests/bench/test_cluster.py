"""Two app servers and two task workers on one PostgreSQL database, as several machines would run them."""

import os

import pytest

from bench import cluster, serving

pytestmark = pytest.mark.skipif(
    not serving.postgres_reachable(),
    reason="needs PostgreSQL at 127.0.0.1:5432: the app servers and task workers share one database",
)


@pytest.fixture
def database():
    """A database of this run's own: two test runs at once on one server must not drop each other's."""
    name = f"tracker_load_cluster_{os.getpid()}"
    yield name
    for each in (name, f"{name}_replica"):
        serving.drop_postgres_database(each)


def test_two_app_servers_and_two_workers_share_one_database(database, tmp_path, capsys):
    failures = cluster.run(database=database, projects=600, log_dir=tmp_path)
    printed = capsys.readouterr().out

    assert failures == []
    assert "[ok] the writer reads the save through B at once (kept on the primary)" in printed
    assert "[ok] the planner, who saved nothing, reads the (lagging) replica: the old text" in printed
    assert "[ok] each batch taken once by one of the two task workers" in printed
