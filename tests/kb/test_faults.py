"""A Chroma server that stops mid-run: a clear message, a process that survives, recovery on return."""

import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from bot.errors import KnowledgeBaseUnavailable
from bot.kb.indexing import index_paths
from tests.conftest import KNOWLEDGE, make_settings

CHROMA = shutil.which("chroma") or str(Path(__import__("sys").executable).with_name("chroma"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("chroma server did not start")


@pytest.mark.slow
def test_chroma_server_outage_and_recovery(tmp_path):
    from bot.services import build_services

    port = free_port()
    server = start_chroma(tmp_path / "chroma", port)
    try:
        svc = build_services(make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=port))
        index_paths(svc.knowledge, [KNOWLEDGE], knowledge_dir=KNOWLEDGE)
        assert svc.assistant.ask("How long can a visiting researcher stay?").confident

        server.terminate()
        server.wait(timeout=30)
        with pytest.raises(KnowledgeBaseUnavailable, match="knowledge base is unavailable.*try again shortly"):
            svc.assistant.ask("What is the application deadline for researchers?")

        server = start_chroma(tmp_path / "chroma", port)  # same data, back on the same address
        answer = svc.assistant.ask("What is the application deadline for researchers?")
        assert answer.confident and "1 March" in answer.text
        svc.close()
    finally:
        server.kill()
        server.wait()
