#!/usr/bin/env bash
# PostgreSQL 15 + pgvector for opsgate's CI and local integration tests, on Debian 12 (bookworm).
#
#   .ci/postgres.sh install   # apt packages + pgvector built from Debian 13's source package
#   .ci/postgres.sh start     # throwaway cluster on 127.0.0.1:$PGPORT; prints DATABASE_URL=...
#   .ci/postgres.sh status    # exit 0 when the cluster answers
#   .ci/postgres.sh stop      # stop the cluster and delete its data
#
# env: PGPORT (55432), PGROOT (/tmp/opsgate-pg), PGVER (15), PGVECTOR_DEB_VERSION (0.8.0-1)
# The cluster trusts local connections and runs without fsync: it is for tests, never for data.
# Use its URL as OPSGATE_TEST_DATABASE_URL (test suites) or DATABASE_URL (opsgate itself).
set -euo pipefail
PGVER=${PGVER:-15}
PGVECTOR_DEB_VERSION=${PGVECTOR_DEB_VERSION:-0.8.0-1}   # Debian trixie source package version
PGPORT=${PGPORT:-55432}
PGROOT=${PGROOT:-/tmp/opsgate-pg}
PGBIN=/usr/lib/postgresql/$PGVER/bin
URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
# initdb refuses to run as root, so as root the server runs as the 'postgres' system user
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_owner() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }
log() { echo "postgres.sh: $*" >&2; }
psql_q() { PGOPTIONS="-c client_min_messages=warning" "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 "$@"; }
vector_installed() { [ -f "/usr/share/postgresql/$PGVER/extension/vector.control" ]; }

install_pg() {
  log "installing PostgreSQL $PGVER"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends \
    "postgresql-$PGVER" "postgresql-server-dev-$PGVER" make gcc ca-certificates >/dev/null
  if vector_installed; then
    log "pgvector already installed"
    return
  fi
  # Debian 12 has no pgvector package (not in bookworm, nor bookworm-backports). Build it from
  # Debian 13 (trixie)'s source package: a deb-src entry only, so no trixie binaries can be pulled in.
  log "building pgvector $PGVECTOR_DEB_VERSION from Debian trixie's source package"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    | $SUDO tee /etc/apt/sources.list.d/trixie-src.sources >/dev/null
  $SUDO apt-get update -qq
  local tmp; tmp=$(mktemp -d); chmod a+rwx "$tmp"   # lets apt's _apt sandbox user write the download
  trap 'rm -rf "$tmp"' RETURN
  ( cd "$tmp" && apt-get source -qq --download-only "pgvector=$PGVECTOR_DEB_VERSION" \
    && tar xzf pgvector_*.orig.tar.gz && cd pgvector-*/ \
    && make -s -j"$(nproc)" OPTFLAGS="" with_llvm=no PG_CONFIG="$PGBIN/pg_config" \
    && $SUDO make -s install with_llvm=no PG_CONFIG="$PGBIN/pg_config" )
  vector_installed || { log "pgvector build finished but vector.control is missing"; exit 1; }
  log "pgvector installed"
}

start_pg() {
  [ -x "$PGBIN/pg_ctl" ] || { log "PostgreSQL $PGVER is not installed; run '$0 install' first"; exit 1; }
  vector_installed || { log "pgvector is not installed; run '$0 install' first"; exit 1; }
  if as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
    log "already running on port $PGPORT"
  else
    $SUDO install -d -o "$(pg_owner)" "$PGROOT"
    if [ ! -f "$PGROOT/data/PG_VERSION" ]; then
      as_pg "$PGBIN/initdb" -D "$PGROOT/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
    fi
    # max_connections: the contract suites open several pools per worker
    as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
      -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGROOT -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { log "server did not start; see $PGROOT/server.log"; tail -n 20 "$PGROOT/server.log" >&2 || true; exit 1; }
  fi
  psql_q -c "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
  log "$(psql_q -c "SELECT version()" | cut -d, -f1), pgvector $(psql_q -c "SELECT extversion FROM pg_extension WHERE extname='vector'")"
  echo "DATABASE_URL=$URL"
}

stop_pg() {
  if [ -d "$PGROOT/data" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  $SUDO rm -rf "$PGROOT"
  log "stopped; $PGROOT removed"
}

case "${1:-}" in
install) install_pg ;;
start) start_pg ;;
status) psql_q -c "SELECT 1" >/dev/null 2>&1 && echo "running: $URL" || { echo "not running on port $PGPORT"; exit 1; } ;;
stop) stop_pg ;;
*) echo "usage: $0 install|start|status|stop" >&2; exit 2 ;;
esac
