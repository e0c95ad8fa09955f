"""gunicorn settings for `make serve` and production. Every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# One process per core (Python code runs on one core per process); threads share a process's memory and
# connection pool and answer others while one request waits on the database or lays out a PDF.
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so memory cannot creep up over weeks.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
preload_app = False
# gunicorn's control socket has one default path per user: two app servers on one machine would take it
# from each other. Off unless a path is given.
control_socket_disable = not os.environ.get("WEB_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["WEB_CONTROL_SOCKET"]
