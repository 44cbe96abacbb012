"""Uploaded files (evidence of a task's progress, a meeting's documents): checked, then served.

A file is accepted when its extension is one of the office formats below *and* its first
bytes are those of that format, so a page or a program renamed to «.pdf» is refused. Files are
stored under MEDIA_ROOT by the services and only ever served back through a view that checks
the user may see the task or meeting, as a download (never shown inline by the browser).
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from tongket.core.numbers import format_number

ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# extension → (content type, leading bytes it must start with; None for plain text)
FORMATS: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".doc": ("application/msword", OLE),
    ".xls": ("application/vnd.ms-excel", OLE),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".txt": ("text/plain; charset=utf-8", None),
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def upload_max_bytes() -> int:
    return int(getattr(settings, "TONGKET_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(size: int) -> str:
    return format_number(size / (1024 * 1024), 1)


def upload_check(file: UploadedFile) -> UploadedFile:
    """The file if its size and type are allowed; a ValidationError naming it otherwise."""
    name = PurePath(file.name or "").name
    suffix = PurePath(name).suffix.lower()
    if suffix not in FORMATS:
        raise forms.ValidationError(
            _("Tệp «%(name)s»: không nhận loại tệp «%(suffix)s» (nhận %(allowed)s).")
            % {
                "name": name,
                "suffix": suffix or "?",
                "allowed": ", ".join(sorted({s.lstrip(".") for s in FORMATS})),
            }
        )
    limit = upload_max_bytes()
    if file.size > limit:
        raise forms.ValidationError(
            _("Tệp «%(name)s» nặng %(size)s MB, quá giới hạn %(limit)s MB.")
            % {"name": name, "size": _megabytes(file.size), "limit": _megabytes(limit)}
        )
    if file.size == 0:
        raise forms.ValidationError(_("Tệp «%(name)s» trống.") % {"name": name})
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    magic = FORMATS[suffix][1]
    if magic is None:
        if b"\x00" in head or not _utf8_prefix(head):
            raise forms.ValidationError(
                _("Tệp «%(name)s» không phải văn bản UTF-8.") % {"name": name}
            )
    elif not head.startswith(magic):
        raise forms.ValidationError(
            _("Tệp «%(name)s»: nội dung không phải tệp %(suffix)s.")
            % {"name": name, "suffix": suffix.lstrip(".")}
        )
    return file


def _utf8_prefix(head: bytes) -> bool:
    # The first 2 KB may end inside a character: allow up to three bytes cut off.
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def upload_too_large(request) -> bool:
    """Whether the request body is beyond any allowed upload (checked before reading it)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > upload_max_bytes() + 64 * 1024


def upload_refusal() -> str:
    return _("Tệp quá lớn: không nhận tệp nặng hơn %(limit)s MB.") % {
        "limit": _megabytes(upload_max_bytes())
    }


def upload_response(stored: FieldFile) -> FileResponse:
    """A stored file as a download, typed by its extension."""
    if not stored:
        raise Http404("Không có tệp / No file")
    name = PurePath(stored.name).name
    content_type = FORMATS.get(PurePath(name).suffix.lower(), ("application/octet-stream",))[0]
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp / File not found") from None
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


class UploadField(forms.FileField):
    """A file box whose refusals name the file and the reason."""

    default_validators = [upload_check]

    def to_python(self, data):
        if data and getattr(data, "size", None) == 0:
            raise forms.ValidationError(
                _("Tệp «%(name)s» trống.") % {"name": PurePath(data.name or "").name},
                code="empty",
            )
        return super().to_python(data)
