"""Serving the console with uvicorn on 127.0.0.1 (put a TLS proxy in front for other machines)."""

from __future__ import annotations

import signal
import socket
import sys

HOST = "127.0.0.1"


def serve(services, *, port: int) -> None:  # noqa: ANN001
    """Bind first (port 0 picks a free one), say where, then serve until SIGTERM or Ctrl-C."""
    import uvicorn

    from handlers.console.app import build_app

    app = build_app(services)
    services.jobs  # noqa: B018 - notices written here wake the shared job queue, whichever process delivers
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(128)  # requests wait in the backlog until uvicorn accepts them, so the line below is true
    bound = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level=services.settings.log_level.lower(), access_log=False,
                            proxy_headers=False, server_header=False)
    print(f"console listening on http://{HOST}:{bound} (open {services.settings.console_base_url})",
          file=sys.stderr, flush=True)
    # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown; exiting 0 then, as serve and serve-teams do.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    signal.signal(signal.SIGINT, _exit_cleanly)
    uvicorn.Server(config).run(sockets=[sock])


def _exit_cleanly(signum, frame) -> None:  # noqa: ANN001
    raise SystemExit(0)
