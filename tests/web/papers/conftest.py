import time

from django.core.management import call_command
from django.db import OperationalError


def run_tasks(page=None) -> None:
    """What ``tongket worker`` would do, once, now: the tests choose when the background work
    runs, so they see the page before and after it.

    The live server shares the test's in-memory SQLite database, so the page's polling is
    held off (the browser offline) while the worker takes its exclusive lock.
    """
    if page is not None:
        page.context.set_offline(True)
        page.wait_for_timeout(300)  # a request already sent is answered meanwhile
    try:
        for _ in range(20):
            try:
                call_command("worker", "--batch", verbosity=0)
                return
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.1)
        raise AssertionError("the database stayed locked")
    finally:
        if page is not None:
            page.context.set_offline(False)
