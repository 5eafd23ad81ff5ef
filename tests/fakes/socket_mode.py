"""A loopback Socket Mode endpoint: the WebSocket Slack's apps.connections.open hands out.

The test pushes envelopes (events, commands) to the connected app and reads the app's
acknowledgements; it also sees when the app closes the connection. Point the fake Web API's
apps.connections.open at `url` (FakeSlackAPI.on).
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import uuid

from aiohttp import WSMsgType, web


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: queue.Queue[dict] = queue.Queue()
        self.connections = 0
        self.closed = threading.Event()  # the app closed its connection
        self._ws: web.WebSocketResponse | None = None
        self._connected = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link"

    def __enter__(self) -> FakeSocketMode:
        started = threading.Event()
        threading.Thread(target=self._run, args=(started,), name="FakeSocketMode", daemon=True).start()
        started.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._loop is not None and self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)

    def wait_connected(self, timeout: float = 60) -> bool:
        return self._connected.wait(timeout)

    def send(self, payload: dict, kind: str = "events_api") -> str:
        """Push one envelope to the app; returns its envelope id."""
        envelope_id = uuid.uuid4().hex
        message = {"envelope_id": envelope_id, "type": kind, "accepts_response_payload": kind != "events_api",
                   "payload": payload}
        assert self._ws is not None and self._loop is not None, "no app connected"
        asyncio.run_coroutine_threadsafe(self._ws.send_str(json.dumps(message)), self._loop).result(10)
        return envelope_id

    def _run(self, started: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_get("/link", self._link)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        started.set()
        self._loop.run_forever()

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._ws = ws
        self.connections += 1
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1,
                                      "connection_info": {"app_id": "A1"}, "debug_info": {"host": "fake"}}))
        self._connected.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.acks.put(json.loads(message.data))
        self.closed.set()
        return ws
