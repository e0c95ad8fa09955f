"""Start and stop the production-style processes (`make serve`'s gunicorn and task workers) on loopback."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
PLAIN_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=2):
            return True
    except Exception:
        return False


def fresh_postgres_database(name: str, *, template: str | None = None) -> str:
    """Create (or re-create) a database on the local server; its DATABASE_URL."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return f"{PG_SERVER}/{name}"


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ensure_postgres_database(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_url: str, *, static_storage: str = MANIFEST_STORAGE, **extra: str) -> dict:
    """What `make serve` exports: no debug, pooled PostgreSQL connections, loopback without TLS."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DB_POOL="true" if database_url.startswith("postgres") else "false",
        STATICFILES_BACKEND=static_storage,
        LOG_LEVEL="WARNING",
        ACCESS_LOG="/dev/null",
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout if capture else ""


def wait_until_healthy(base_url: str, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:
                if response.status == 200 and response.read() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base_url} did not answer /healthz within {seconds:.0f} s")
        time.sleep(0.3)


class Processes:
    """The processes one run started, stopped by their own ids (never by name)."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        log_dir.mkdir(parents=True, exist_ok=True)
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        process.log = log
        self.started.append(process)
        return process

    def app_server(self, name: str, env: dict, *, port: int, workers: int = 2) -> str:
        env = env | {"BIND": f"127.0.0.1:{port}", "WEB_WORKERS": str(workers)}
        self.start(name, [sys.executable, "-m", "gunicorn", "tracker.wsgi", "-c", "gunicorn.conf.py"], env)
        return f"http://127.0.0.1:{port}"

    def task_worker(self, worker_id: str, env: dict) -> None:
        args = [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--worker-id", worker_id]
        self.start(worker_id, args, env)

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.log.close()


@contextmanager
def running(log_dir: Path):
    processes = Processes(log_dir)
    try:
        yield processes
    finally:
        processes.stop()
