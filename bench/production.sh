#!/usr/bin/env bash
# The production figures: a seeded database (bench/seed.py), gunicorn with 4 web workers and the
# background workers (2 on PostgreSQL, 1 on SQLite) started as the README's "Production" section
# says, then bench/load.py from a separate process, then `brandcert check` over the whole database
# (every case's state, inbox and audit chain must agree after the load). Everything made here is
# removed at the end.
#
#   bench/production.sh postgresql|sqlite [APPLICATIONS] [-- load.py options]
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-postgresql}
applications=${2:-100000}
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift

work=$(mktemp -d /tmp/brandcert-load.XXXXXX)
database=brandcert_load_$$
if [ "$kind" = postgresql ]; then
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $database" test
  export DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/$database
  background_workers=2
else
  export DATABASE_URL=sqlite:///$work/brandcert.sqlite
  background_workers=1
fi
export SECRET_KEY="bench-$$-$RANDOM" BRANDCERT_KEYS=$work/keys BRANDCERT_CERTIFICATES=$work/certificates \
  BRANDCERT_ATTACHMENTS=$work/attachments BRANDCERT_AUDIT_WITNESS=$work/audit-witness.jsonl \
  BRANDCERT_BIND=127.0.0.1:8765 BRANDCERT_WEB_WORKERS=4

cleanup() {
  [ -n "$(jobs -p)" ] && kill $(jobs -p) 2>/dev/null && wait 2>/dev/null
  [ "$kind" = postgresql ] && psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $database" test
  rm -rf "$work"
}
trap cleanup EXIT

.venv/bin/python bench/seed.py --database-url "$DATABASE_URL" --applications "$applications"
.venv/bin/brandcert init >/dev/null
.venv/bin/gunicorn -c python:webapp.ops.gunicorn --pid "$work/gunicorn.pid" webapp.wsgi:app 2>"$work/web.log" &
for n in $(seq "$background_workers"); do .venv/bin/brandcert worker 2>"$work/worker$n.log" & done
for _ in $(seq 100); do curl -fs http://$BRANDCERT_BIND/healthz >/dev/null && break; sleep 0.3; done
.venv/bin/python bench/load.py --url "http://$BRANDCERT_BIND" --server-pid "$(cat "$work/gunicorn.pid")" "$@"
echo "log lines written by the web workers: $(wc -l < "$work/web.log")"
kill $(jobs -p) && wait 2>/dev/null || true
started=$SECONDS
.venv/bin/brandcert check | tail -n 3
echo "brandcert check: $((SECONDS - started)) s"
