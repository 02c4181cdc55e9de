#!/bin/sh
# Re-fetch the vendored front-end assets into static/vendor/.
#
# Not run by the build: the files it writes are committed, so the running app, CI and a fresh
# checkout need neither npm nor a CDN. Run it by hand when upgrading, then review the diff,
# update the versions in README.md, and run the test suite.
#
#   sh static/vendor/update.sh              # the versions pinned below
#   BOOTSTRAP=5.3 ICONS=1 sh static/vendor/update.sh   # newest within a range
#
# Needs npm (talks to the npm registry only) and the project's .venv (for htmx, which is taken
# from the installed django-htmx package so that it matches the Python side).
set -eu

BOOTSTRAP="${BOOTSTRAP:-5.3.9}"
ICONS="${ICONS:-1.13.2}"

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "bootstrap@$BOOTSTRAP" "bootstrap-icons@$ICONS" >/dev/null
nm="$work/node_modules"

# The minified files end with a sourceMappingURL comment; we do not ship the maps, and
# ManifestStaticFilesStorage (collectstatic in production) fails on a reference to a missing
# file, so the comment is removed. Nothing else in the files is changed.
strip_map() { sed -e 's|/\*# sourceMappingURL=[^*]*\*/||' -e 's|^//# sourceMappingURL=.*$||' "$1" > "$2"; }

strip_map "$nm/bootstrap/dist/css/bootstrap.min.css" "$here/bootstrap.min.css"
strip_map "$nm/bootstrap/dist/js/bootstrap.bundle.min.js" "$here/bootstrap.bundle.min.js"
cp "$nm/bootstrap/LICENSE" "$here/licenses/bootstrap.LICENSE"

strip_map "$nm/bootstrap-icons/font/bootstrap-icons.min.css" "$here/bootstrap-icons.min.css"
mkdir -p "$here/fonts"
cp "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff2" "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff" "$here/fonts/"
cp "$nm/bootstrap-icons/LICENSE" "$here/licenses/bootstrap-icons.LICENSE"

# htmx 2 as shipped inside django-htmx (its htmx-4 files are a different, incompatible major).
site="$("$root/.venv/bin/python" -c 'import django_htmx, pathlib; print(pathlib.Path(django_htmx.__file__).parent)')"
cp "$site/static/django_htmx/htmx-2.min.js" "$here/htmx.min.js"

echo "bootstrap $(node -p "require('$nm/bootstrap/package.json').version")"
echo "bootstrap-icons $(node -p "require('$nm/bootstrap-icons/package.json').version")"
echo "htmx $(grep -o 'version:"[^"]*"' "$here/htmx.min.js")"
