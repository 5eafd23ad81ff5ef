"""Serving the console with uvicorn, on 127.0.0.1 unless told otherwise (put a TLS proxy in front of it)."""

from __future__ import annotations

import signal
import socket
import sys

HOST = "127.0.0.1"


def serve(services, *, port: int, host: str = HOST) -> None:  # noqa: ANN001
    """Bind first (port 0 picks a free one), say where, then serve until SIGTERM or Ctrl-C."""
    import uvicorn

    from handlers.console.app import build_app

    from bot.cli.senders import platform_senders

    app = build_app(services)
    # Like serve and serve-teams: on the embedded default this process runs the background jobs too (the
    # re-index its button asks for, the notices its approvals write); with JOBS_IN_PROCESS=false workers do.
    jobs = services.jobs.start_in_process(platform_senders(services))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)  # requests wait in the backlog until uvicorn accepts them, so the line below is true
    bound = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level=services.settings.log_level.lower(), access_log=False,
                            proxy_headers=False, server_header=False)
    print(f"console listening on http://{host}:{bound} (open {services.settings.console_base_url})",
          file=sys.stderr, flush=True)
    # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown; exiting 0 then, as serve and serve-teams do.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    signal.signal(signal.SIGINT, _exit_cleanly)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        if jobs is not None:
            jobs.stop(graceful=True)


def _exit_cleanly(signum, frame) -> None:  # noqa: ANN001
    raise SystemExit(0)
