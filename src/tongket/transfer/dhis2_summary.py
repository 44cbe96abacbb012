"""The options of a DHIS2 data value set import and its answer, DHIS2's ImportSummary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tongket.transfer.dhis2_ids import scheme_normal

STRATEGIES = {
    "CREATE": "CREATE",
    "NEW": "CREATE",
    "UPDATE": "UPDATE",
    "UPDATES": "UPDATE",
    "CREATE_AND_UPDATE": "CREATE_AND_UPDATE",
    "NEW_AND_UPDATES": "CREATE_AND_UPDATE",
    "DELETE": "DELETE",
}


class Dhis2OptionError(ValueError):
    """An import option DHIS2 does not define (answered 422, nothing read)."""


@dataclass
class Dhis2Options:
    strategy: str = "CREATE_AND_UPDATE"
    dry_run: bool = False
    id_scheme: str | None = None
    data_element_id_scheme: str | None = None
    org_unit_id_scheme: str | None = None
    atomic: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "importStrategy": self.strategy,
            "dryRun": self.dry_run,
            "atomicMode": "ALL" if self.atomic else "NONE",
            "idSchemes": {
                k: v
                for k, v in (
                    ("idScheme", self.id_scheme),
                    ("dataElementIdScheme", self.data_element_id_scheme),
                    ("orgUnitIdScheme", self.org_unit_id_scheme),
                )
                if v
            },
        }


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0", ""):
        return False
    raise Dhis2OptionError(f"{name} «{value}» phải là true hoặc false / must be true or false")


def options_read(query: dict[str, Any], body: dict[str, Any]) -> Dhis2Options:
    """The options of an import: the body's over the query's, as DHIS2 reads them."""

    def pick(body_key: str, query_key: str) -> Any:
        value = body.get(body_key)
        return value if value is not None else query.get(query_key)

    strategy = pick("strategy", "importStrategy") or "CREATE_AND_UPDATE"
    if str(strategy).upper() not in STRATEGIES:
        raise Dhis2OptionError(
            f"importStrategy «{strategy}» không được hỗ trợ (dùng CREATE, UPDATE, "
            f"CREATE_AND_UPDATE hoặc DELETE) / unsupported importStrategy «{strategy}» (use "
            "CREATE, UPDATE, CREATE_AND_UPDATE or DELETE)"
        )
    atomic = str(query.get("atomicMode") or "NONE").upper()
    if atomic not in ("ALL", "NONE"):
        raise Dhis2OptionError(
            f"atomicMode «{atomic}» không được hỗ trợ (dùng ALL hoặc NONE) / unsupported "
            f"atomicMode «{atomic}» (use ALL or NONE)"
        )
    try:
        return Dhis2Options(
            strategy=STRATEGIES[str(strategy).upper()],
            dry_run=_flag(pick("dryRun", "dryRun") or False, "dryRun"),
            id_scheme=scheme_normal(pick("idScheme", "idScheme"), name="idScheme"),
            data_element_id_scheme=scheme_normal(
                pick("dataElementIdScheme", "dataElementIdScheme"), name="dataElementIdScheme"
            ),
            org_unit_id_scheme=scheme_normal(
                pick("orgUnitIdScheme", "orgUnitIdScheme"), name="orgUnitIdScheme"
            ),
            atomic=atomic == "ALL",
        )
    except ValueError as exc:
        raise Dhis2OptionError(str(exc)) from None


@dataclass
class ImportSummary:
    options: Dhis2Options
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    deleted: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[int] = field(default_factory=list)
    aborted: bool = False
    data_set_complete: str = "false"
    unused: set[str] = field(default_factory=set)  # fields read and deliberately not kept

    def conflict(self, index: int | None, obj: str, code: str, prop: str, message: str) -> None:
        entry: dict[str, Any] = {
            "object": obj,
            "objects": {prop: obj},
            "value": message,
            "errorCode": code,
            "property": prop,
        }
        if index is not None:
            entry["indexes"] = [index]
            self.rejected.append(index)
        self.conflicts.append(entry)

    @property
    def status(self) -> str:
        if self.aborted or (self.options.atomic and self.conflicts):
            return "ERROR"
        return "WARNING" if self.conflicts else "SUCCESS"

    def as_message(self) -> dict[str, Any]:
        """DHIS2's web message around the ImportSummary (HTTP 200, or 409 with conflicts)."""
        status = self.status
        if status == "SUCCESS":
            head = {"httpStatus": "OK", "httpStatusCode": 200, "status": "OK"}
            message = "Import was successful."
            description = "Import process completed successfully"
        elif status == "WARNING":
            head = {"httpStatus": "Conflict", "httpStatusCode": 409, "status": "WARNING"}
            message = "One more conflicts encountered, please check import summary."
            description = "Import process completed successfully"
        else:
            head = {"httpStatus": "Conflict", "httpStatusCode": 409, "status": "ERROR"}
            message = "An error occurred, please check import summary."
            description = (
                "Import process was aborted"
                if self.aborted
                else "Nothing was stored (atomicMode=ALL): every conflict is listed"
            )
        if self.unused:
            names = ", ".join(sorted(self.unused))
            description += (
                f". {names}: không dùng, tongket tự ghi người nhập và thời điểm vào nhật ký / not "
                "used: tongket records who stored each value and when in its audit trail"
            )
        return {
            **head,
            "message": message,
            "response": {
                "responseType": "ImportSummary",
                "status": status,
                "importOptions": self.options.as_dict(),
                "description": description,
                "importCount": {
                    "imported": self.imported,
                    "updated": self.updated,
                    "ignored": self.ignored,
                    "deleted": self.deleted,
                },
                "conflicts": self.conflicts,
                "rejectedIndexes": sorted(set(self.rejected)),
                "dataSetComplete": self.data_set_complete,
            },
        }
