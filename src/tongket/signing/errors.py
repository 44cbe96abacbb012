"""Errors of signing and verifying: a Vietnamese message, then the English."""

from __future__ import annotations

from tongket.papers.errors import PapersError


class SigningError(PapersError):
    """The document could not be signed or read; nothing was stored."""
