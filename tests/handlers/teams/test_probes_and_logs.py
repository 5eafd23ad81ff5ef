"""serve-teams: /livez apart from /healthz, and one JSON log line per activity with LOG_FORMAT=json."""

from __future__ import annotations

import io
import json

from bot.logs import configure_logging, user_ref
from tests.handlers.teams.helpers import ANN, message
from tests.handlers.teams.test_http import run
from tests.test_logs import restore_logging  # noqa: F401 - fixture


def test_livez_is_200_while_healthz_reports_a_dead_database(fake_services):
    from sqlalchemy import create_engine

    found = {}

    async def scenario(post) -> None:  # noqa: ANN001
        async with post.get("/livez") as response:
            found["live"] = (response.status, await response.json())
        async with post.get("/healthz") as response:
            found["ready"] = (response.status, await response.json())
        fake_services.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
        async with post.get("/healthz") as response:
            found["dead"] = (response.status, await response.json())
        async with post.get("/livez") as response:
            found["still_live"] = response.status

    run(fake_services, scenario)
    assert found["live"] == (200, {"status": "alive"})
    assert found["ready"][0] == 200 and found["ready"][1]["status"] == "ok"
    assert found["dead"][0] == 503 and found["dead"][1]["database"] != "ok"
    assert found["still_live"] == 200


def test_each_activity_is_one_json_line_with_its_id_and_a_hashed_user(fake_services, restore_logging):  # noqa: F811
    out = io.StringIO()
    configure_logging(level="INFO", fmt="json", surface="teams", stream=out)
    activity = message("How long can a visiting researcher stay?")

    async def scenario(post) -> None:  # noqa: ANN001
        status, _ = await post(activity)
        assert status == 200

    run(fake_services, scenario)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    (line,) = [r for r in records if r["logger"] == "handlers.teams.requests"]
    assert line["activity_id"] == activity["id"] and line["kind"] == "activity:message" and line["status"] == 200
    assert line["surface"] == "teams" and line["user"] == user_ref(ANN["aadObjectId"]) and line["latency_ms"] >= 0
    assert ANN["aadObjectId"] not in json.dumps(line) and ANN["id"] not in json.dumps(line)
