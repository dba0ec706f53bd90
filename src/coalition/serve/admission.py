"""Admit a bounded number of HTTP requests into the app at once; the others wait their turn.

Sync dependencies and routes run in a thread pool and hold a database connection from the
first dependency to the end of the response. Without a bound, hundreds of requests each take a
connection and then wait for a worker thread, while the threads wait for a connection: the
pool times out and answers 500. Waiting here, before any connection is taken, costs nothing.
"""

from __future__ import annotations

import asyncio
import weakref

from starlette.types import ASGIApp, Receive, Scope, Send


class Admission:
    """ASGI middleware: at most ``limit`` HTTP requests inside ``app`` at once (FIFO wait)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit
        # one semaphore per event loop (test clients each run their own loop)
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] \
            = weakref.WeakKeyDictionary()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        slots = self._slots.get(loop)
        if slots is None:
            slots = self._slots[loop] = asyncio.Semaphore(self.limit)
        async with slots:
            await self.app(scope, receive, send)
