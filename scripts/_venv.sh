# Sourced by scripts/run and scripts/test: create .venv if missing and pip install the
# package into it, only when pyproject.toml is newer than the last install (the stamp).
# Usage: ensure_venv TARGET NAME   e.g. ensure_venv . run   or   ensure_venv ".[test]" test

ensure_venv() {
  local target=$1 stamp=".venv/.installed-$2" python=${PYTHON:-}
  if [ ! -x .venv/bin/python ]; then
    if [ -z "$python" ]; then
      python=$(command -v python3.11 || command -v python3)
    fi
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
      || { echo "Python 3.11 or newer is needed (found $("$python" --version))" >&2; exit 1; }
    echo "creating .venv with $("$python" --version)" >&2
    "$python" -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "installing $target into .venv" >&2
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e "$target"
    touch "$stamp"
  fi
}

# Debian packages the app needs at run time (WeasyPrint draws PDF briefings with Pango).
# Usage: ensure_debian_packages [COMMAND[:PACKAGE]...]: a command missing from PATH brings in
# its package (named like the command unless given); installs only what is missing.
ensure_debian_packages() {
  local missing=() apt=(apt-get)
  ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
  ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
  local pkg
  for pkg in "$@"; do command -v "${pkg%%:*}" >/dev/null 2>&1 || missing+=("${pkg#*:}"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || apt=(sudo apt-get)
  echo "installing Debian packages: ${missing[*]}" >&2
  "${apt[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${missing[@]}" >/dev/null
}
