"""Races for the tests that need one: pieces of work started together, each on its own database connection, as
concurrent requests, passes or workers would be."""

import threading
from collections.abc import Callable

from django.db import connection


def at_once(*work: Callable[[], object]) -> list:
    """Run each callable in its own thread, all released together by a barrier, and return what each returned,
    or the exception it raised, in the order given. Each thread closes its database connection when done."""
    barrier = threading.Barrier(len(work))
    outcomes: list = [None] * len(work)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:  # handed back, for the test to say what it expects of it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
