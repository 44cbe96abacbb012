"""The extraction library as the documents app uses it: its version, and a document's key."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

import tongket


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """``<package version>+<digest of the extraction code and rules>``.

    The digest changes whenever a rule or a data file of the extractor changes, so a stored
    record says exactly which rules produced it (a hand-kept number would drift).
    """
    digest = hashlib.sha256()
    root = resources.files("tongket.extraction")
    for path in _files(root):
        digest.update(path.encode())
        digest.update(root.joinpath(path).read_bytes())
    return f"{tongket.__version__}+{digest.hexdigest()[:12]}"


def _files(root, prefix: str = "") -> list[str]:
    found = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name not in ("__pycache__", "management"):
                found.extend(_files(entry, f"{name}/"))
        elif entry.name.endswith((".py", ".yaml")):
            found.append(name)
    return found


def document_key(*, data: bytes | None, text: str | None, html: str | None) -> str:
    """The sha256 of the original bytes: the file as read, else the given text (or HTML) in
    UTF-8."""
    if data is None:
        data = (html if html is not None else text or "").encode("utf-8")
    return hashlib.sha256(data).hexdigest()
