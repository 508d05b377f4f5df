# The two commands of the README. Both install whatever is missing first (.ci/setup).
.PHONY: setup demo test lint

setup:
	@.ci/setup

# Migrate the SQLite database under instance/, load the demo once (with development signing keys),
# serve on http://127.0.0.1:5000 with the background worker running in the same process.
demo: setup
	.venv/bin/brandcert init
	.venv/bin/brandcert demo
	.venv/bin/brandcert serve --with-worker

# Lint and the whole test suite; on SQLite, or on PostgreSQL when DATABASE_URL names one.
test: setup lint
	.venv/bin/pytest

lint: setup
	.venv/bin/ruff check .
