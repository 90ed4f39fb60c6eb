"""Copy the screenshots the README shows from tests/artifacts/ (written by the browser tests,
tests/test_server_ui.py) to docs/screenshots/. Run after the browser tests:

    python -m pytest tests/test_server_ui.py && python tests/copy_screenshots.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
SHOWN = {  # artifact -> docs/screenshots/ name
    "canned-result.png": "query-results.png",
    "event-page.png": "entity-page.png",
    "timeline-labelled.png": "timeline.png",
    "query-error.png": "query-error.png",
    "phone-event.png": "phone-event.png",
}


def main() -> int:
    missing = [name for name in SHOWN if not (ARTIFACTS / name).is_file()]
    if missing:
        print(f"copy_screenshots: run the browser tests first; missing in {ARTIFACTS}: {', '.join(missing)}",
              file=sys.stderr)
        return 2
    target = ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    for source, name in SHOWN.items():
        temp = target / f".{name}.tmp"
        shutil.copyfile(ARTIFACTS / source, temp)
        temp.replace(target / name)
        print(f"docs/screenshots/{name} <- tests/artifacts/{source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
