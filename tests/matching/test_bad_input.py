"""`python -m bot contacts import` with files that are not the contract's CSV: one clear line on stderr,
a non-zero exit, and the contacts as they were (or only the valid rows, in one transaction)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli.main import app
from bot.db.models import Contact
from bot.db.session import transaction
from bot.matching.csv_io import COLUMNS
from bot.matching.importer import import_file
from tests.conftest import make_settings

HEADER = ",".join(COLUMNS)
ADA = "Ada Lind,ada@lab.example.org,Lind Lab,researcher,DK,capital-region-dk,PI,CRISPR,lab placements,US partners,English,yes,,"
BO = ADA.replace("Ada Lind", "Bo Berg").replace("ada@", "bo@")
CY = ADA.replace("Ada Lind", "Cy Holm").replace("ada@", "cy@")
GOOD = f"{HEADER}\n{ADA}\n"


def workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


FILES = {
    "UTF-16 with a byte order mark": (GOOD.replace("Ada", "Åsa").encode("utf-16"), "UTF-16"),
    "UTF-16 without a byte order mark": (GOOD.encode("utf-16-le"), "UTF-16"),
    "a NUL byte in a cell": (GOOD.replace("PI", "P\x00I").encode(), "UTF-16 or a binary file"),
    "an Excel workbook named .csv": (workbook(), "Excel workbook"),
    "binary junk": (bytes(range(1, 256)) * 4, "not UTF-8 text (byte 0x80 on line 2)"),
    "missing columns": (GOOD.replace(",kind", "").replace(",researcher", "").encode(), "lacks the column(s) kind"),
    "empty": (b"", "has no header row"),
}


@pytest.fixture
def seeded(monkeypatch, tmp_path, embedder, request):
    """Three contacts already imported; the CLI then runs against the same database."""
    from bot.services import build_services

    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    settings = make_settings(tmp_path, **({"database_url": url} if url else {}))
    monkeypatch.setenv("BOT_DATA_DIR", str(settings.bot_data_dir))
    if url:
        monkeypatch.setenv("DATABASE_URL", url)
    services = build_services(settings)
    seed = tmp_path / "seed.csv"
    seed.write_text(f"{HEADER}\n{ADA}\n{BO}\n{CY}\n", encoding="utf-8")
    with transaction(services.sessions) as session:
        assert import_file(session=session, path=seed, embedder=embedder).created == 3
    yield services
    services.close()


def contacts(services) -> list[tuple]:  # noqa: ANN001
    with services.sessions() as session:
        return [tuple(r) for r in session.execute(select(Contact.email, Contact.name, Contact.title).order_by(Contact.email))]


def import_cli(path) -> object:  # noqa: ANN001
    return CliRunner().invoke(app, ["contacts", "import", str(path), "--json"])


@pytest.mark.parametrize("seeded", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
@pytest.mark.parametrize("name", list(FILES))
def test_a_file_that_is_not_the_csv_is_refused_and_changes_nothing(seeded, tmp_path, name):
    data, reason = FILES[name]
    before = contacts(seeded)
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    result = import_cli(path)
    assert result.exit_code == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and reason in result.stderr and "people.csv" in result.stderr
    assert "Nothing was imported" in result.stderr or "expected" in result.stderr  # what to do about it
    assert contacts(seeded) == before


@pytest.mark.parametrize("seeded", ["sqlite"], indirect=True)
def test_an_unclosed_quote_is_pointed_out_and_only_the_rows_before_it_change(seeded, tmp_path):
    path = tmp_path / "people.csv"
    changed = ADA.replace(",PI,", ",Professor,")
    path.write_text(f"{HEADER}\n{changed}\n\"Bo Berg,{BO[8:]}\n{CY}\n", encoding="utf-8")
    result = import_cli(path)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["created"], report["updated"]) == (0, 1)
    assert report["rejected"] == [
        {"line": 3, "error": "has 1 fields, the header has 14 (it runs to line 4: is a quote not closed?)"}]
    assert dict((e, t) for e, _, t in contacts(seeded))["ada@lab.example.org"] == "Professor"
