"""`index_docs.py`: index the knowledge folder (or given paths) incrementally."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import emit_json, friendly_errors, get_services


@friendly_errors
def index_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders; default: KNOWLEDGE_DIR")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index and build it again")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as one JSON document")] = False,
) -> None:
    """Index documents (Markdown, text, PDF, Word, HTML) into the knowledge base."""
    from bot.kb.indexing import index_paths
    from bot.kb.uploads import stored_uploads

    services = get_services()
    settings = services.settings
    targets = list(paths) if paths else [settings.knowledge_dir]
    uploads = stored_uploads(services.knowledge) if (rebuild or not paths) else []
    with _progress(enabled=sys.stderr.isatty() and not as_json) as progress:
        report = index_paths(
            services.knowledge, targets, knowledge_dir=settings.knowledge_dir, uploads=uploads,
            rebuild=rebuild, progress=progress, include_examples=settings.include_examples,
        )
    if as_json:
        emit_json(report.as_dict())
    else:
        print(report.summary())
        if report.examples_skipped:
            print(f"  left out {len(report.examples_skipped)} example documents (ENVIRONMENT=production); "
                  "INDEX_EXAMPLES=true includes them", file=sys.stderr)
        for failure in report.failed:
            print(f"  failed: {failure['path']}: {failure['error']}", file=sys.stderr)
    if report.failed:
        raise typer.Exit(1)


class _progress:
    """A rich progress bar on a terminal; silent otherwise (the summary line says it all)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None
        self._task = None

    def __enter__(self):  # noqa: ANN204
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                             TextColumn("{task.description}"), transient=True)
        self._bar.__enter__()
        self._task = self._bar.add_task("", total=None)
        return self.update

    def update(self, done: int, total: int, current: str) -> None:
        self._bar.update(self._task, completed=done, total=total, description=current[-40:])

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        if self._bar is not None:
            self._bar.__exit__(*exc)


def main() -> None:
    typer.run(index_command)
