"""`python -m bot match`: find people and organisations for a need, with reasons."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import emit_json, friendly_errors, get_services


@friendly_errors
def match(
    need: Annotated[str, typer.Argument(help="What you are looking for, in your own words")],
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind: researcher, company, hospital, university, "
                                             "investor, public or staff")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Only this region: capital-region-dk, region-zealand, "
                                               "region-skane, massachusetts or other")] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many matches (1-50)")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Find researchers, companies and institutions for a need, with reasons; transatlantic ones first."""
    from bot.matching.need import parse_need, validate_filters

    validate_filters(kind, region)  # bad input fails before the database is opened
    parse_need(need)
    result = get_services().matcher.find(need, kind=kind, region=region, limit=limit)
    if as_json:
        emit_json(result.as_contract())
        return
    if result.note:
        print(result.note)
    for n, m in enumerate(result.matches, 1):
        org = f", {m.organization}" if m.organization else ""
        near = " (near match)" if m.near else ""
        print(f"{n}. {m.name}{org} ({m.kind}, {m.region}) score {m.score:.2f}{near}")
        print(f"   {'; '.join(m.reasons)}")


def register(app: typer.Typer) -> None:
    app.command("match")(match)
