"""`python -m bot contacts import|export|forget`: staff maintain the contact list from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import emit_json, fail, friendly_errors, get_services

app = typer.Typer(help="Import, export and erase contacts.", no_args_is_help=True)


@app.command("import")
@friendly_errors
def import_contacts(
    file: Annotated[Path, typer.Argument(help="A contact CSV (see the contract for its columns)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Import contacts: bad rows are reported with their line numbers, the rest imported in one transaction."""
    from bot.db.session import transaction
    from bot.matching.importer import import_file

    if not file.is_file():
        fail(f"no such file: {file}")
    services = get_services()
    with transaction(services.sessions) as session:
        report = import_file(session=session, path=file, embedder=services.embedder, actor="cli")
    if as_json:
        emit_json(report.as_contract())
        return
    print(f"{report.created} created, {report.updated} updated ({report.unchanged} of them unchanged), "
          f"{len(report.rejected)} rejected ({report.seconds:.1f} s)")
    for r in report.rejected:
        print(f"  line {r.line}: {r.error}")


@app.command("export")
@friendly_errors
def export_contacts(
    file: Annotated[Path | None, typer.Argument(help="Where to write the CSV; standard output without it")] = None,
) -> None:
    """Export every contact in the import format (UTF-8, `;`-separated lists, consent yes/no)."""
    from bot.matching.contacts import export_rows
    from bot.matching.csv_io import write_contacts

    services = get_services()
    with services.sessions() as session:
        if file is None:
            write_contacts(sys.stdout, export_rows(session=session))
            sys.stdout.flush()
            return
        tmp = file.with_name(file.name + ".tmp")
        with tmp.open("w", encoding="utf-8", newline="") as out:
            count = write_contacts(out, export_rows(session=session))
        tmp.replace(file)
    print(f"{count} contacts written to {file}", file=sys.stderr)


@app.command("forget")
@friendly_errors
def forget_contact(
    email: Annotated[str, typer.Argument(help="The e-mail address of the person to erase")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Erase a person and what refers to them (a right-to-erasure request)."""
    from bot.matching.forget import forget_person

    services = get_services()
    result = forget_person(sessions=services.sessions, engine=services.engine, email=email, actor="cli",
                           cache_dir=services.settings.bot_data_dir / "matching")
    if not result.pop("scrubbed"):
        print("warning: the rows are gone, but the database file could not be compacted while another process "
              "was reading it; run the same command again when the server is idle", file=sys.stderr)
    if as_json:
        emit_json(result)
    elif result["forgotten"]:
        detail = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result["removed"].items() if n)
        print(f"Forgotten. Rows removed or anonymised: {detail}.")
    else:
        print(f"No contact with the e-mail {email.strip()}; nothing removed.")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="contacts")
