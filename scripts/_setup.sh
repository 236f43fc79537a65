# Shared by scripts/demo.sh and scripts/test.sh: make sure Python 3.11+ and a virtual environment exist in .venv.
# On a fresh Debian/Ubuntu machine the venv module may be missing; install it with apt if we can.

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "Please run as root or install sudo: $*" >&2; return 1; fi
}

apt_install() {
  # apt_install PACKAGE...: install the Debian packages that are not installed yet.
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "Please install: ${missing[*]}" >&2; return 1; }
  echo "Installing ${missing[*]} with apt-get…" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_venv() {
  local python="${PYTHON:-python3}"
  if ! command -v "$python" >/dev/null 2>&1; then apt_install python3; fi
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "Signpost needs Python 3.11 or newer; $("$python" --version) found. Set PYTHON=/path/to/python3.11." >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      apt_install python3-venv
      "$python" -m venv .venv
    fi
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
}
