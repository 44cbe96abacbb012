"""pyHanko's synchronous calls run an asyncio loop of their own (``asyncio.run``), which
Python refuses where a loop already runs in the thread (an ASGI worker, a browser driver in
the same process). There they run in a thread of their own; elsewhere, as they are."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def outside_event_loop(call: Callable[[], T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tongket-sign") as pool:
        return pool.submit(call).result()
