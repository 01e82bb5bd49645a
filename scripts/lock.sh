#!/usr/bin/env bash
# Refresh constraints.txt, the lock of tested versions: a fresh venv with the pip it bundles,
# the project with its test extras at the newest allowed releases, then `pip freeze`.
# Run the tests against the new lock before committing it.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$(mktemp -d)/venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q "$repo[test]"
{
  echo "# The lock: versions the tests passed with (scripts/lock.sh writes this file)."
  echo "# Used as: pip install -c constraints.txt ."
  "$venv/bin/python" -m pip freeze --exclude kgbuild | LC_ALL=C sort -f
} > "$repo/constraints.txt"
echo "wrote $repo/constraints.txt ($(grep -vc '^#' "$repo/constraints.txt") packages)"
