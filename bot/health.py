"""Readiness, for every surface's /healthz: can this process reach what it needs to answer?"""

from __future__ import annotations


def readiness(services) -> dict:  # noqa: ANN001
    """{"status": "ok" | "unavailable", "database": ..., ["knowledge_base": ...]}.

    A database round trip and, when the knowledge base is a Chroma server, its heartbeat; embedded
    Chroma lives in this process and cannot be down on its own. A failure is named by its exception
    class only: the probe is unauthenticated, so it says what failed, not where or why.
    """
    from sqlalchemy import text

    report = {"status": "ok", "database": "ok"}
    try:
        with services.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        report.update(status="unavailable", database=exc.__class__.__name__)
    if services.settings.chroma_host:
        try:
            services.chroma.heartbeat()
            report["knowledge_base"] = "ok"
        except Exception as exc:  # noqa: BLE001
            report.update(status="unavailable", knowledge_base=exc.__class__.__name__)
    return report
