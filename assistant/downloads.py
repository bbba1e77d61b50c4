"""Files the app makes for a user to download (briefing notes, meeting briefs): each in a fresh folder
under one folder for the life of the process, which is removed when the process ends; folders older
than an hour are removed as new ones are made, so a long-running app does not fill the disk."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from pathlib import Path

KEEP_SECONDS = 3600  # Gradio copies a returned file into its own cache at once; an hour is ample to serve it
_root: Path | None = None


def folder(prefix: str) -> Path:
    """A new empty folder for one download."""
    global _root
    if _root is None or not _root.exists():
        _root = Path(tempfile.mkdtemp(prefix="clerk-downloads-"))
        atexit.register(shutil.rmtree, _root, True)
    cutoff = time.time() - KEEP_SECONDS
    for old in _root.iterdir():
        if old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=_root))
