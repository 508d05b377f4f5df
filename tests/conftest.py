"""Test fixtures: a fresh database per test, copied from a template built once per session.

SQLite by default. With DATABASE_URL pointing at PostgreSQL the same suite runs there: the
template is a PostgreSQL database and each test gets `CREATE DATABASE ... TEMPLATE`.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from tests.worlds import World, Worlds, walked
from webapp import clock, create_app, db
from webapp.admin.services import initialize
from webapp.certificates.services import init_development_keys
from webapp.config import PROJECT_ROOT
from webapp.demo.scenario import load_people
from webapp.migrations import upgrade

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
PINNED_NOW = datetime.fromisoformat("2026-05-11T09:30:00+08:00")
"""Every test starts at this instant (a Monday of a year the bundled calendar knows), whatever the
system date: due dates and notice periods then never reach a year whose holidays are unknown.
A test about the clock or the calendar moves it itself."""
ON_POSTGRES = POSTGRES_URL.startswith("postgresql")
_counter = itertools.count()
BROWSER_TESTS = Path(__file__).parent / "browser"


@pytest.hookimpl(tryfirst=True)  # before `-m` selects by marker
def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if "postgres" in item.keywords and not ON_POSTGRES:
            item.add_marker(skip)


def _postgres_admin() -> Any:
    url = make_url(POSTGRES_URL).set(database="postgres")
    # No pooled connections: a test may restart the server (tests/reliability/test_database_restart.py).
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _pg_url(name: str) -> str:
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _build_world(url: str, tmp: Path, keys_dir: Path) -> None:
    upgrade(url)
    app = create_app({"DATABASE_URL": url, "ATTACHMENTS_DIR": tmp / "attachments", "KEYS_DIR": keys_dir,
                      "CERTIFICATES_DIR": tmp / "certificates"})
    with app.app_context():
        initialize(PROJECT_ROOT / "workflows", PROJECT_ROOT / "forms")
        load_people()
        init_development_keys()
    db.dispose()


@pytest.fixture(scope="session", autouse=True)
def pinned_session_clock() -> Iterator[None]:
    """The template database (keys, people, deployed processes) is built at the pinned instant too."""
    clock.set_now(PINNED_NOW)
    yield
    clock.reset()


@pytest.fixture(autouse=True)
def pinned_clock() -> None:
    clock.set_now(PINNED_NOW)


@pytest.fixture(autouse=True)
def audit_witness(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own checkpoint witness, also for the commands and processes it starts (they read the
    environment), never the repository's `instance/`: a witness must belong to one database."""
    path = tmp_path / "audit-witness.jsonl"
    monkeypatch.setenv("BRANDCERT_AUDIT_WITNESS", str(path))
    return path


@pytest.fixture(scope="session")
def keys_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One development CA and signing identity per authority for the whole session."""
    return tmp_path_factory.mktemp("keys")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, keys_dir: Path) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("template")
    if not ON_POSTGRES:
        path = tmp / "template.sqlite"
        _build_world(f"sqlite:///{path}", tmp, keys_dir)
        yield str(path)
        return
    name = f"{make_url(POSTGRES_URL).database}_tmpl{os.getpid()}"  # one per xdist worker
    admin = _postgres_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    _build_world(_pg_url(name), tmp, keys_dir)
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def _postgres_database(suffix: str, template: str | None = None) -> Iterator[str]:
    """A PostgreSQL database for one test, dropped afterwards (a copy of `template` if given)."""
    name = f"{make_url(POSTGRES_URL).database}_{suffix}{os.getpid()}_{next(_counter)}"
    admin = _postgres_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield _pg_url(name)
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def copy_of_template(template_db: str, directory: Path) -> Iterator[str]:
    """A copy of the template database (a file in `directory` on SQLite), removed or released afterwards."""
    if ON_POSTGRES:
        with _postgres_database("t", template_db) as url:
            yield url
        return
    path = directory / "test.sqlite"
    shutil.copyfile(template_db, path)
    yield f"sqlite:///{path}"
    db.dispose()


@contextmanager
def _kept_copy(template_db: str, name: str, folder: str) -> Iterator[tuple[str, str]]:
    """A copy of the template that outlives the test: (its URL, what `copy_of_template` takes to copy it)."""
    if ON_POSTGRES:
        database = f"{make_url(POSTGRES_URL).database}_{name}_{os.getpid()}"
        with _postgres_admin().connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}" TEMPLATE "{template_db}"'))
        yield _pg_url(database), database
    else:
        path = Path(folder) / "world.sqlite"
        shutil.copyfile(template_db, path)
        yield f"sqlite:///{path}", str(path)
    db.dispose()  # a PostgreSQL template must have no connections left


@pytest.fixture(scope="session")
def worlds(template_db: str, tmp_path_factory: pytest.TempPathFactory, keys_dir: Path) -> Iterator[Worlds]:
    """The session's worlds (tests/worlds.py), each built the first time a test asks for it."""
    built = Worlds(lambda name, folder: _kept_copy(template_db, name, folder),
                   lambda url, folder, **settings: configured_app(url, folder, keys_dir, **settings),
                   tmp_path_factory.mktemp("worlds"))
    yield built
    if ON_POSTGRES:
        with _postgres_admin().connect() as conn:
            for world in built.all():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{world.database}" WITH (FORCE)'))


@pytest.fixture
def world(request: pytest.FixtureRequest, worlds: Worlds) -> World | None:
    """The world named by the test's `world` marker, or None."""
    marker = request.node.get_closest_marker("world")
    return worlds.get(marker.args[0]) if marker else None


@pytest.fixture
def database_url(template_db: str, tmp_path: Path, world: World | None, audit_witness: Path,
                 pinned_clock: None) -> Iterator[str]:
    """A copy of the template (migrated, workflows deployed, demo regions and people loaded), or of the
    test's world, with the world's files, witness and clock."""
    with copy_of_template(world.database if world else template_db, tmp_path) as url, \
            walked(world, tmp_path, audit_witness):
        yield url


@pytest.fixture
def empty_database_url(tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it, as on a fresh installation."""
    if ON_POSTGRES:
        with _postgres_database("e") as url:
            yield url
        return
    yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
    db.dispose()


def configured_app(database_url: str, directory: Path, keys_dir: Path, **settings: Any) -> Any:
    """The app as the tests run it, its files under `directory`; `settings` add to or replace the defaults."""
    return create_app({"DATABASE_URL": database_url, "ATTACHMENTS_DIR": directory / "attachments",
                       "KEYS_DIR": keys_dir, "CERTIFICATES_DIR": directory / "certificates",
                       "EXPORTS_DIR": directory / "exports", "PUBLIC_URL": "https://brandcert.test",
                       "TESTING": True, **settings})


@pytest.fixture
def app(database_url: str, tmp_path: Path, keys_dir: Path, audit_witness: Path) -> Iterator[Any]:
    """The app; no application context stays pushed, so each request gets (and ends) its own session,
    as in production. Services called directly from a test use the test thread's session."""
    yield configured_app(database_url, tmp_path, keys_dir)


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def runner(app: Any, restored_logging: None) -> Any:
    """`runner.invoke(cli, [...])` runs a `brandcert` command on this test's app, in its own app context.
    A command that sets up the logs as its process would (the worker) does so for this test only."""
    return app.test_cli_runner()


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """The root and SpiffWorkflow loggers as they were before the test (`webapp.ops.logs.configure` sets them)."""
    root, spiff = logging.getLogger(), logging.getLogger("spiff")
    handlers, level, spiff_level = root.handlers[:], root.level, spiff.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    spiff.setLevel(spiff_level)
