#!/usr/bin/env bash
# Makes sure the PostgreSQL server the tests use (127.0.0.1:5432, trust auth,
# database `test`) is up. It is started before a session on the project's machines;
# this only restarts it when it has stopped. Where PostgreSQL is not installed at all
# the PostgreSQL tests skip with a reason, except under CI, where they must run.
set -u
if ! command -v pg_isready >/dev/null 2>&1; then
  echo "ensure-services: PostgreSQL client tools not found; PostgreSQL tests will skip"
  exit 0
fi
if pg_isready -q -h 127.0.0.1 -p 5432; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1; then
  echo "ensure-services: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  for _ in $(seq 1 20); do
    pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
    sleep 0.5
  done
fi
echo "ensure-services: PostgreSQL is not reachable on 127.0.0.1:5432"
[ "${CI:-}" = "true" ] && exit 1
exit 0
