"""Download folders (assistant/downloads.py): fresh for each download, old ones removed as new ones are made."""

import os
import time

from clerk.assistant import downloads


def test_each_download_gets_a_fresh_folder_under_one_root_and_old_ones_go():
    first, second = downloads.folder("clerk-brief-"), downloads.folder("clerk-briefing-")
    assert first != second and first.parent == second.parent and first.name.startswith("clerk-brief-")
    (first / "note.md").write_text("x", encoding="utf-8")
    hour_ago = time.time() - downloads.KEEP_SECONDS - 60
    os.utime(first, (hour_ago, hour_ago))
    third = downloads.folder("clerk-brief-")
    assert not first.exists() and second.exists() and third.exists()
