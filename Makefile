# The two commands of the README. Both install whatever is missing first (.ci/setup).
.PHONY: setup demo test test-fast lint

setup:
	@.ci/setup

# Migrate the SQLite database under instance/, load the demo once (with development signing keys),
# serve on http://127.0.0.1:5000 with the background worker running in the same process.
demo: setup
	.venv/bin/brandcert init
	.venv/bin/brandcert demo
	.venv/bin/brandcert serve --with-worker

# Lint and the whole test suite; on SQLite, or on PostgreSQL when DATABASE_URL names one. The tests run
# in one process per core (pytest-xdist); the few that restart the database server run afterwards, alone.
test: setup lint
	.venv/bin/pytest -n auto -m "not slow and not serial"
	.venv/bin/pytest -m serial

# The default suite without the pages in Chromium: what to run after each change.
test-fast: setup
	.venv/bin/pytest -n auto -m "not slow and not serial and not browser"

lint: setup
	.venv/bin/ruff check .
