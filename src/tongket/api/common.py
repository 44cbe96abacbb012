"""Shared input types (bounded ints, text without NUL), paging with counts and links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, BeforeValidator, model_validator

T = TypeVar("T")

MAX_ID = 2**53  # beyond what any table here will hold, and still exact in JSON


def _clean_text(value: str) -> str:
    # A database cannot hold NUL, and a lone surrogate is no character: refuse both as input.
    if "\x00" in value:
        raise ValueError("văn bản chứa ký tự NUL / the text contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("văn bản không phải UTF-8 hợp lệ / the text is not valid UTF-8") from None
    return value


def _text_only(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        raise ValueError("cần một chuỗi / a string is expected")
    return value


Text = Annotated[str, BeforeValidator(_text_only), AfterValidator(_clean_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1900, le=2200)]
Code = Annotated[Text, Field(min_length=1, max_length=64)]
PeriodText = Annotated[Text, Field(min_length=4, max_length=16, examples=["2026-01", "2025"])]


class ObjectBody(Schema):
    """A JSON body that must be an object: ``[]`` or ``"x"`` is refused, even where every
    field is optional."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data  # Ninja's wrapper
        if isinstance(raw, list | tuple | str | bytes | int | float | bool) or raw is None:
            raise ValueError(
                "thân yêu cầu phải là một đối tượng JSON / the body must be a JSON object"
            )
        return data


class Paging(Schema):
    limit: int = Field(50, ge=1, le=500, description="Số mục mỗi trang / items per page")
    offset: int = Field(0, ge=0, le=10**9, description="Bỏ qua / items skipped")


class Page(Schema, Generic[T]):
    count: int = Field(description="Tổng số mục / total number of items")
    next: str | None = Field(description="Trang sau / the next page")
    previous: str | None = Field(description="Trang trước / the previous page")
    items: list[T]


def _link(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"], query["limit"] = str(offset), str(limit)
    pairs = [(k, v) for k in query for v in query.getlist(k)]
    return request.build_absolute_uri(f"{request.path}?{urlencode(pairs)}")


def page(
    request: HttpRequest,
    items: QuerySet | Sequence,
    paging: Paging,
    render: Callable[[Any], Any] = lambda x: x,
    *,
    rows: Callable[[list], list] | None = None,
) -> dict:
    """One page of ``items`` with the total count and links to the pages around it.

    ``render`` turns each item into what the schema shows; ``rows`` does it for the whole
    page at once (for selectors that read a page in one query).
    """
    count = items.count() if isinstance(items, QuerySet) else len(items)
    chunk = list(items[paging.offset : paging.offset + paging.limit])
    shown = rows(chunk) if rows is not None else [render(item) for item in chunk]
    after = paging.offset + paging.limit
    return {
        "count": count,
        "next": _link(request, after, paging.limit) if after < count else None,
        "previous": (
            _link(request, max(0, paging.offset - paging.limit), paging.limit)
            if paging.offset > 0
            else None
        ),
        "items": shown,
    }
