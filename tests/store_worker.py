"""A second process that changes a store on command: one JSON line in, one JSON line out.

Used by the concurrency tests, so ingests, replacements and removals come from a real other
process (its own Chroma, catalogue and keyword files), without paying a process start per change.
"""

import json
import sys
from pathlib import Path

from clerk.ingest import Config, ingest_paths
from clerk.ingest.pipeline import remove_document


def main(db: str) -> None:
    cfg = Config(db=Path(db))
    for line in sys.stdin:
        cmd = json.loads(line)
        try:
            if cmd["op"] == "ingest":
                summary = ingest_paths([Path(p) for p in cmd["paths"]], cfg, prune=cmd.get("prune", False))
                out = {"ok": summary.ok, "counts": dict(summary.counts),
                       "failed": [r.message for r in summary.results if r.status == "failed"]}
            elif cmd["op"] == "remove":
                out = {"ok": True, "files": remove_document(cmd["doc_id"], cfg)}
            else:
                out = {"ok": False, "error": f"unknown op {cmd['op']}"}
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            out = {"ok": False, "error": f"{exc.__class__.__name__}: {exc}"}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
