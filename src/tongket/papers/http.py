"""A generated document as a download, for the web pages: they authorize, call
``tongket.papers.files`` and return this."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

from tongket.papers.files import PaperFile


def paper_response(paper: PaperFile, *, inline: bool = False) -> HttpResponse:
    """The file with its type and name (``inline`` shows a PDF or an article in the browser
    instead of saving it)."""
    response = HttpResponse(paper.data, content_type=paper.content_type)
    disposition = "inline" if inline else "attachment"
    # The names are ASCII already; the RFC 5987 form keeps them right if that ever changes.
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{paper.name}\"; filename*=UTF-8''{quote(paper.name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
