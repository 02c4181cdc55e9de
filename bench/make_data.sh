#!/usr/bin/env bash
# make bench-data: a fresh database at BENCH_DATABASE_URL, migrated, filled by bench/generate.py
# at the given scale, and the audit chain verified.   bash bench/make_data.sh SCALE
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
url=${BENCH_DATABASE_URL:?}
case "$url" in
    postgres://*|postgresql://*)
        name=${url##*/}; name=${name%%\?*}
        server=${url%/*}
        echo "== recreating PostgreSQL database $name (UTF-8, C.UTF-8)"
        psql -X -q -d "$server/postgres" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"
        psql -X -q -d "$server/postgres" -c "CREATE DATABASE \"$name\" ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0"
        ;;
    sqlite:///*)
        file=${url#sqlite://}
        echo "== replacing SQLite database $file"
        mkdir -p "$(dirname "$file")"
        rm -f "$file" "$file-wal" "$file-shm"
        ;;
    *) echo "bench-data: unsupported BENCH_DATABASE_URL $url" >&2; exit 2 ;;
esac
export DATABASE_URL=$url SHIDIAN_ENV=development DEBUG=false
start=$SECONDS
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python bench/generate.py --scale "$scale"
echo "== verify_audit"
t0=$SECONDS
.venv/bin/python manage.py verify_audit
echo "verify_audit: $((SECONDS - t0)) s; bench-data total: $((SECONDS - start)) s"
