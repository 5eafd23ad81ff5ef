"""A Chroma server that stops mid-run: a clear message, a process that survives, recovery on return."""

import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from bot.errors import KnowledgeBaseUnavailable
from bot.kb.indexing import index_paths
from tests.conftest import KNOWLEDGE, make_settings
from tests.processes import Output, PortTaken, start_on_a_free_port

CHROMA = shutil.which("chroma") or str(Path(__import__("sys").executable).with_name("chroma"))


def start_chroma(path: Path, port: int | None = None) -> tuple[subprocess.Popen, int]:
    """`chroma run` on `port` (again, after a stop), or on a free port; it cannot bind port 0 and name the port,
    so a port a parallel test took first is retried: another one when free to choose, else the same one later."""
    if port is None:
        return start_on_a_free_port(lambda p: _chroma_on(path, p))
    for _ in range(20):
        try:
            return _chroma_on(path, port), port
        except PortTaken:
            time.sleep(0.5)  # someone else's server or probe holds it for a moment
    pytest.fail(f"port {port} stayed taken: the chroma server cannot come back on its address")


def _chroma_on(path: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = Output(proc)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:  # it exited: checked first, so a heartbeat from another server is not taken for it
            text = output.wait(10)
            if "in use" in text.lower() or "is not available" in text:
                raise PortTaken(port)
            pytest.fail(f"chroma server exited {proc.returncode}:\n{text[-2000:]}")
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

    server, port = start_chroma(tmp_path / "chroma")
    try:
        svc = build_services(make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=port))
        index_paths(svc.knowledge, [KNOWLEDGE], knowledge_dir=KNOWLEDGE)
        assert svc.assistant.ask("How long can a visiting researcher stay?").confident

        server.terminate()
        server.wait(timeout=30)
        with pytest.raises(KnowledgeBaseUnavailable, match="knowledge base is unavailable.*try again shortly"):
            svc.assistant.ask("What is the application deadline for researchers?")

        server, _ = start_chroma(tmp_path / "chroma", port)  # same data, back on the same address
        answer = svc.assistant.ask("What is the application deadline for researchers?")
        assert answer.confident and "1 March" in answer.text
        svc.close()
    finally:
        server.kill()
        server.wait()
