"""Index a test's own documents beside the shipped knowledge base."""

from pathlib import Path

from bot.kb.indexing import index_paths
from tests.conftest import KNOWLEDGE


def index_beside_knowledge(services, folder: Path, files: dict[str, str | bytes]):  # noqa: ANN001, ANN201
    folder.mkdir()
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    report = index_paths(services.knowledge, [KNOWLEDGE, folder], knowledge_dir=KNOWLEDGE)
    assert not report.failed, report.failed
    return services
