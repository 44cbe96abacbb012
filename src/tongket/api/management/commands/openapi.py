"""``tongket openapi [-o FILE]``: the API's OpenAPI document, as served at /api/v1/openapi.json."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from tongket.api.openapi import schema_text


class Command(BaseCommand):
    help = "Tài liệu OpenAPI của API / the API's OpenAPI document"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="ghi ra tệp / write to this file")

    def handle(self, *args, **options):
        text = schema_text()
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        json.loads(text)  # the text written is the document, whole
