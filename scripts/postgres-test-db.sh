#!/usr/bin/env bash
# Starts the local PostgreSQL cluster (Debian's pg_ctlcluster) and makes a test role and
# database; prints the URL on stdout. Needs root (or the postgres user); exits 1 if it cannot.
set -uo pipefail
say() { echo "$*" >&2; }
command -v pg_lsclusters >/dev/null 2>&1 || { say "pg_lsclusters not found (apt-get install postgresql)."; exit 1; }
cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$version" ] || { say "no PostgreSQL server installed."; exit 1; }
  pg_createcluster "$version" main >&2 || { say "could not create a cluster."; exit 1; }
  cluster="$version main"
fi
set -- $cluster
pg_ctlcluster "$1" "$2" start >&2 2>/dev/null || true
port=$(pg_lsclusters -h | awk -v v="$1" -v c="$2" '$1==v && $2==c {print $3}')
status=$(pg_lsclusters -h | awk -v v="$1" -v c="$2" '$1==v && $2==c {print $4}')
[ "$status" = "online" ] || { say "PostgreSQL cluster $1/$2 did not start."; exit 1; }
# After an unclean stop the server replays its log before it takes connections ("the database
# system is starting up"); that can take minutes on a large data directory.
for _ in $(seq 1 300); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -c "$(printf '%q ' "$@")"; fi; }
as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname='salesbot'" | grep -q 1 \
  || as_postgres psql -p "$port" -qc "CREATE ROLE salesbot LOGIN PASSWORD 'salesbot'" >&2 || exit 1
as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_database WHERE datname='salesbot_test'" | grep -q 1 \
  || as_postgres psql -p "$port" -qc "CREATE DATABASE salesbot_test OWNER salesbot" >&2 || exit 1
# A second user, for what one database user may not see of another's sessions.
as_postgres psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname='salesbot_other'" | grep -q 1 \
  || as_postgres psql -p "$port" -qc "CREATE ROLE salesbot_other LOGIN PASSWORD 'salesbot_other'" >&2 || exit 1
echo "postgresql+psycopg://salesbot:salesbot@127.0.0.1:$port/salesbot_test"
