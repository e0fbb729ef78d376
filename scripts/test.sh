#!/usr/bin/env bash
# The whole test suite: lint, migrations check, then pytest on SQLite and on PostgreSQL,
# browser tests included. Installs or starts what the tests need; says plainly what it
# had to skip on a machine without it. In CI (CI=true) nothing may be skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
CI="${CI:-false}"
skipped=()

# Debian's Chromium drives the browser tests (never a downloaded browser).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "== installing Debian's chromium for the browser tests"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
      || (apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null)
  fi
fi
if [ ! -x /usr/bin/chromium ]; then
  if [ "$CI" = "true" ]; then echo "CI: /usr/bin/chromium is required for the browser tests" >&2; exit 1; fi
  export XANH_SKIP_BROWSER=1
  skipped+=("browser tests (no /usr/bin/chromium; install Debian's chromium package)")
fi

# LibreOffice converts the provincial report to PDF; poppler rasterises it for the PDF tests.
pdf_tools() {
  { [ -n "${XANH_SOFFICE:-}" ] || command -v soffice >/dev/null; } \
    && command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null
}
if ! pdf_tools && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "== installing LibreOffice Writer and poppler for the PDF tests"
  pdf_packages="libreoffice-writer-nogui poppler-utils fonts-liberation"
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $pdf_packages >/dev/null 2>&1 \
    || (apt-get update -q >/dev/null 2>&1 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $pdf_packages >/dev/null) \
    || true
fi
if ! pdf_tools; then
  if [ "$CI" = "true" ]; then echo "CI: LibreOffice (soffice) and poppler-utils are required for the PDF tests" >&2; exit 1; fi
  export XANH_SKIP_PDF=1
  skipped+=("PDF tests (no LibreOffice or poppler; install libreoffice-writer-nogui poppler-utils fonts-liberation)")
fi

# A real PostgreSQL server on 127.0.0.1:5432.
PG_URL="${XANH_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_up() { "$BIN/python" - "$PG_URL" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
PY
}
if ! pg_up && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "== starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 || true
  sleep 2
fi
run_pg=true
if ! pg_up; then
  if [ "$CI" = "true" ]; then echo "CI: PostgreSQL at $PG_URL is required" >&2; exit 1; fi
  run_pg=false
  skipped+=("the PostgreSQL run (no server at $PG_URL)")
fi

echo "== ruff"
"$BIN/ruff" check xanh tests bench scripts
echo "== migrations are up to date"
DJANGO_SETTINGS_MODULE=xanh.settings XANH_DATA_DIR="$(mktemp -d)" "$BIN/python" -m django makemigrations --check --dry-run >/dev/null

export XANH_DATA_DIR="${XANH_DATA_DIR:-$(mktemp -d)}"
echo "== pytest on SQLite"
env -u DATABASE_URL "$BIN/pytest" "$@"
if $run_pg; then
  echo "== pytest on PostgreSQL"
  DATABASE_URL="$PG_URL" XANH_TEST_DATABASE_NAME="xanh_test_$$" "$BIN/pytest" "$@"
fi

if [ ${#skipped[@]} -gt 0 ]; then
  echo
  echo "SKIPPED on this machine:"
  for s in "${skipped[@]}"; do echo "  - $s"; done
fi
