"""Who acts on a submission, as the audit trail names them."""

from __future__ import annotations

import getpass
import os
from typing import Any

from tongket.reporting.submissions_errors import SubmissionError

# Who acts: a name as the audit trail writes it («cli:nam», a login name) or a user object
# (its username is taken and the user is linked to the audit entry).
Actor = Any


def actor_parts(actor: Actor) -> tuple[str, Any]:
    if isinstance(actor, str):
        name = actor.strip()
        user = None
    else:
        name = str(actor.get_username())
        user = actor
    if not name:
        raise SubmissionError("Thiếu người thực hiện / the actor is missing")
    return name[:150], user


def cli_actor(as_user: str | None = None) -> str:
    """``--as USER`` when given, else ``cli:`` and the operating-system user name."""
    if as_user and as_user.strip():
        return as_user.strip()
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"
    return f"cli:{login}"
