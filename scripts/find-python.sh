#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter, or explain and exit 1.
# Order: python3.14, python3.13, python3.12 on PATH, then the newest suitable pyenv version.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for name in python3.14 python3.13 python3.12; do
  if command -v "$name" >/dev/null 2>&1 && ok "$name"; then command -v "$name"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.[0-9]+)?$' | sort -V -r); do
    cand="$root/versions/$v/bin/python3"
    if [ -x "$cand" ] && ok "$cand"; then echo "$cand"; exit 0; fi
  done
fi
cat >&2 <<'MSG'
axis-sim needs Python 3.12 or newer (Mesa 3.5 requires it), and none was found.
Looked for python3.14, python3.13, python3.12 on PATH and for pyenv versions >= 3.12.
Install one (e.g. `pyenv install 3.12`, or your system's python3.12 package) and run make again,
or point PYTHON at it: make PYTHON=/path/to/python3.12 demo
MSG
exit 1
