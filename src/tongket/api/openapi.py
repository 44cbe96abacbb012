"""The OpenAPI document as a contract: what Ninja derives from the routes, completed with what
it cannot see. Every operation lists the errors it may answer with (one shape,
``tongket.api.errors``), every write declares its ``Idempotency-Key`` header, and the
authentication schemes the API accepts are named.

The document is stored in the repository (``openapi.json`` beside this module); a test fails
when the served document differs from it, and ``tongket openapi -o FILE`` writes it anew.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ninja import Field, Schema

from tongket.api.idempotency import HEADER, KEY_MAX

STORED = Path(__file__).with_name("openapi.json")

_WRITES = ("post", "put", "patch", "delete")
_READ_ERRORS = (401, 403, 404, 414, 422, 429, 500)
_WRITE_ERRORS = (400, 401, 403, 404, 409, 413, 414, 422, 429, 500)
_DESCRIPTIONS = {
    400: "Thân yêu cầu không đọc được / the body is not readable",
    401: "Chưa xác thực / not authenticated",
    403: "Không có quyền / permission denied",
    404: "Không tìm thấy (hoặc ngoài phạm vi) / not found (or outside the caller's scope)",
    409: "Xung đột với trạng thái hiện có / conflicts with the current state",
    413: "Nội dung quá lớn / the body is too large",
    414: "Địa chỉ quá dài / the URL is too long",
    422: "Dữ liệu không hợp lệ / invalid input",
    429: "Quá nhiều yêu cầu / too many requests",
    500: "Lỗi máy chủ, không thực hiện gì / server error, nothing was done",
}


class ErrorInfo(Schema):
    code: str = Field(description="Mã lỗi ổn định / a stable error code", examples=["not_found"])
    message: str = Field(description="Thông báo tiếng Việt / the message in Vietnamese")
    message_en: str = Field(description="Thông báo tiếng Anh / the message in English")
    details: list[dict[str, Any]] = Field(
        description="Chi tiết từng vấn đề (trường, dòng, lý do) / each problem's details"
    )


class ErrorOut(Schema):
    error: ErrorInfo


def _error_components() -> dict[str, Any]:
    schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    found = schema.pop("$defs", {})
    found["Error"] = schema
    return found


def _examples_as_map(parameter: dict[str, Any]) -> None:
    # Ninja copies a JSON Schema ``examples`` list onto the parameter, where OpenAPI wants a
    # map of Example Objects.
    examples = parameter.get("examples")
    if isinstance(examples, list):
        parameter["examples"] = {
            f"example{i + 1}": {"value": value} for i, value in enumerate(examples)
        }


def schema_complete(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema Ninja built, with errors, headers and authentication declared."""
    schema = copy.deepcopy(schema)
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update(_error_components())
    components["parameters"] = {
        "IdempotencyKey": {
            "name": HEADER,
            "in": "header",
            "required": False,
            "description": (
                "Gửi lại cùng khóa thì được trả lời như lần đầu, chỉ ghi một lần / a retry "
                "with the same key gets the first answer again; the write happens once"
            ),
            "schema": {
                "type": "string",
                "minLength": 1,
                "maxLength": KEY_MAX,
                "pattern": "^[!-~]+$",
            },
        }
    }
    components["headers"] = {
        "IdempotentReplayed": {
            "description": "Câu trả lời lưu từ lần gửi đầu / the answer stored for this key",
            "schema": {"type": "string", "enum": ["true"]},
        }
    }
    components["responses"] = {
        str(status): {
            "description": text,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for status, text in _DESCRIPTIONS.items()
    }
    schemes = components.setdefault("securitySchemes", {})
    schemes["BasicAuth"] = {
        "type": "http",
        "scheme": "basic",
        "description": "Tên đăng nhập và mật khẩu, như DHIS2 / username and password, as DHIS2",
    }
    schemes["ApiToken"] = {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`ApiToken tk_...`: a tongket token written the way DHIS2 clients send one",
    }
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            write = method in _WRITES
            for parameter in operation.get("parameters", []):
                _examples_as_map(parameter)
            if write:
                operation.setdefault("parameters", []).append(
                    {"$ref": "#/components/parameters/IdempotencyKey"}
                )
            responses = {str(k): v for k, v in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status in _WRITE_ERRORS if write else _READ_ERRORS:
                responses.setdefault(str(status), {"$ref": f"#/components/responses/{status}"})
            if write:
                for status, response in responses.items():
                    if status.startswith("2") and "$ref" not in response:
                        response.setdefault("headers", {})["Idempotent-Replayed"] = {
                            "$ref": "#/components/headers/IdempotentReplayed"
                        }
            if operation.get("security"):
                operation["security"] += [{"BasicAuth": []}, {"ApiToken": []}]
    return schema


def schema_text() -> str:
    """The served document as the stored copy is written: sorted keys, two-space indents."""
    from tongket.api.api import api

    served = api.get_openapi_schema()
    return json.dumps(served, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
