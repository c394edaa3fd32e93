"""The reader's whole recognised JSON for the FY2021 excerpt (seed 002) stays exactly the same.

The snapshot guards refactoring of the reader: every key, in order, every figure and every
text of ``reader.to_json(report)``. The city's sentences may not be copied into the
project, so a text is kept as its length and a SHA-256 digest (any change of a character
shows), while numbers, booleans and nulls are kept as they are. Keys and list positions
make each line's path, so a failure names the place that changed.

After an intended change of the reader: ``SHISAKU_UPDATE_SNAPSHOT=1 pytest this_file``.
"""

import hashlib
import json
import os
from pathlib import Path

from shisaku.ingest.reader import parse_bytes, to_json

from .test_report_expected import seed_bytes

SNAPSHOT = Path(__file__).with_name("snapshots") / "report_fy2021_excerpt.txt"


def _leaf(value) -> str:
    if isinstance(value, str):
        digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:20]
        return f"text {len(value)} {digest}"
    return json.dumps(value)


def flatten(value, path: str = "$") -> list[str]:
    """One line per leaf, in the document's order: ``path<TAB>value``."""
    if isinstance(value, dict):
        if not value:
            return [f"{path}\t{{}}"]
        return [line for key, item in value.items() for line in flatten(item, f"{path}.{key}")]
    if isinstance(value, list):
        if not value:
            return [f"{path}\t[]"]
        return [line for n, item in enumerate(value) for line in flatten(item, f"{path}[{n}]")]
    return [f"{path}\t{_leaf(value)}"]


def test_the_excerpts_recognised_json_is_exactly_the_snapshot():
    report = parse_bytes(seed_bytes(), 2021)
    lines = flatten(json.loads(json.dumps(to_json(report), ensure_ascii=False)))
    got = "\n".join(lines) + "\n"
    if os.environ.get("SHISAKU_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(got, encoding="utf-8")
    want = SNAPSHOT.read_text(encoding="utf-8")
    assert len(lines) > 1000  # the excerpt's 14 sheets, the art. 19 page, lists and rosters
    assert got.splitlines() == want.splitlines()
