"""Imports through the API: the engine of ``tongket.transfer``, after a scope check.

The engine imports whatever units a file names; here every (unit, period) of the file is
first checked against the user's ``values.import`` scope, and a file naming any unit outside
it is refused whole (403) before anything is stored.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from pathlib import Path

from tongket.accounts import roles
from tongket.accounts.scope import scope_filter, user_grants
from tongket.api.errors import ApiError
from tongket.transfer.check import Resolvers, file_check, key_unpack
from tongket.transfer.errors import IssueList
from tongket.transfer.services import FileResult, files_import
from tongket.units.models import Unit

_CHUNK = 5000
_SHOWN = 20


def safe_name(name: str, default: str) -> str:
    """A file name to write on disk: the base name, harmless characters only."""
    base = Path(str(name or "").replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .")[:100]
    return cleaned or default


def units_outside_scope(user, pairs: dict[object, set[int]]) -> set[tuple[int, object]]:
    """The (unit id, period) pairs of ``pairs`` (period → unit ids) outside the scope."""
    grants = [g for g in user_grants(user) if roles.VALUES_IMPORT in g.permissions]
    if any(g.everywhere for g in grants):
        return set()
    refused = set()
    for period, unit_ids in pairs.items():
        ordered = sorted(unit_ids)
        allowed: set[int] = set()
        for i in range(0, len(ordered), _CHUNK):
            allowed.update(
                scope_filter(
                    Unit.objects.filter(pk__in=ordered[i : i + _CHUNK]),
                    user=user,
                    permission=roles.VALUES_IMPORT,
                    unit_field="pk",
                    on=period.end(),
                ).values_list("pk", flat=True)
            )
        refused.update((u, period) for u in unit_ids - allowed)
    return refused


def import_scope_check(*, user, path: Path, name: str) -> None:
    """Refuse (403) a file that names a unit the user may not import values for."""
    resolvers = Resolvers()
    issues = IssueList()
    parsed = file_check(path=path, name=name, resolvers=resolvers, issues=issues)
    if parsed is None:
        return  # unreadable: the import itself says why, and stores nothing
    # Even a file with other problems is checked: the import's report of them (locked
    # approved values, bounds) would otherwise tell about units outside the scope.
    codes = resolvers.periods.codes
    pairs: dict[object, set[int]] = defaultdict(set)
    rows: dict[tuple[int, object], object] = {}
    for index, key in enumerate(parsed.keys):
        unit_id, _, pidx = key_unpack(key)
        pairs[codes[pidx]].add(unit_id)
        rows.setdefault((unit_id, codes[pidx]), parsed.row_label(parsed.lines[index]))
    refused = units_outside_scope(user, pairs)
    if not refused:
        return
    names = dict(Unit.objects.filter(pk__in={u for u, _ in refused}).values_list("pk", "name"))
    shown = sorted(refused, key=lambda pair: str(rows[pair]))[:_SHOWN]
    raise ApiError(
        403,
        "import_forbidden",
        f"Tệp có số liệu của {len({u for u, _ in refused})} đơn vị ngoài phạm vi của bạn; "
        "không lưu số liệu nào",
        f"The file holds values of {len({u for u, _ in refused})} unit(s) outside your "
        "scope; nothing was stored",
        [
            {
                "file": name,
                "row": rows[pair],
                "column": "unit",
                "reason": f"«{names.get(pair[0], pair[0])}» kỳ {pair[1].code}: ngoài phạm vi / "
                "outside your scope",
            }
            for pair in shown
        ],
    )


def bytes_import(
    *, user, content: bytes | None, upload=None, name: str, dry_run: bool
) -> list[FileResult]:
    """Write the body (or an uploaded file) to a private temporary file and import it."""
    with tempfile.TemporaryDirectory(prefix="tongket-api-") as folder:
        path = Path(folder) / safe_name(name, "upload")
        with open(path, "wb") as handle:
            if upload is not None:
                for chunk in upload.chunks():
                    handle.write(chunk)
            else:
                handle.write(content or b"")
        shown = name.replace("\x00", "")[:255] or path.name
        import_scope_check(user=user, path=path, name=shown)
        return files_import(paths=[path], names=[shown], dry_run=dry_run, actor=user.get_username())
