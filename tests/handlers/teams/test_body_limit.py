"""Bodies above MAX_REQUEST_BYTES get 413 at the Teams endpoint, declared or chunked, before they are read."""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp.test_utils import TestServer

from handlers.teams.server import create_web_app
from tests.handlers.teams.helpers import message
from tests.handlers.teams.test_http import QUESTION

MB = 1024 * 1024


def test_unsigned_oversized_body_refused_before_read(fake_services) -> None:
    async def scenario() -> None:
        server = TestServer(create_web_app(fake_services.settings, fake_services), host="127.0.0.1", port=0)
        await server.start_server()
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(b"POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n" % (300 * MB) + b"[" * 4096)  # the rest never comes
            await writer.drain()
            status_line = await asyncio.wait_for(reader.readline(), 30)
            assert status_line.split()[1] == b"413"
            writer.close()

            async def chunks():  # no declared length: 4 MB in pieces
                for _ in range(16):
                    yield b" " * (256 * 1024)

            async with aiohttp.ClientSession() as session:
                async with session.post(server.make_url("/api/messages"), data=chunks(),
                                        headers={"Content-Type": "application/json"}) as response:
                    assert response.status == 413
                async with session.post(server.make_url("/api/messages"), json=message(QUESTION)) as response:
                    assert response.status == 200  # and the next activity is served as usual
                    assert (await response.json())["activities"]
        finally:
            await server.close()

    asyncio.run(scenario())
