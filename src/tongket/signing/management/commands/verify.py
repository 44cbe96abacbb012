import json
import logging
import sys
from pathlib import Path

from django.core.management.base import CommandError

from tongket.cli import language
from tongket.papers.commandline import PapersCommand
from tongket.signing.verify import pdf_verify, trust_roots_load
from tongket.signing.words import check_text


class Command(PapersCommand):
    help = (
        "Kiểm tra chữ ký số của tệp PDF: ai ký, khi nào, văn bản có bị sửa sau khi ký, chứng "
        "thư có tin cậy / check a PDF's digital signatures: who signed, when, whether it "
        "changed since, whether the certificate is trusted"
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.pdf", help="tệp PDF / PDF file")
        parser.add_argument(
            "--trust",
            action="append",
            default=None,
            help="chứng thư gốc tin cậy, PEM hoặc DER (mặc định: TONGKET_SIGN_TRUST) / "
            "trusted root (default: TONGKET_SIGN_TRUST)",
        )
        parser.add_argument("--lang", choices=["vi", "en"], help="ngôn ngữ / language")
        parser.add_argument("--json", action="store_true", help="kết quả dạng JSON / as JSON")

    def handle(self, *args, **o):
        # pyHanko logs each chain it cannot build with a traceback; the result says it.
        logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
        logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
        lang = o["lang"] or language()
        roots = trust_roots_load([Path(p) for p in o["trust"]] if o["trust"] else None)
        results, all_ok = [], True
        for name in o["files"]:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(
                    f"Không đọc được tệp {path}: {error.strerror} / cannot read {path}: "
                    f"{error.strerror}"
                ) from None
            check = pdf_verify(data, roots=roots)
            all_ok = all_ok and check.ok
            if o["json"]:
                results.append({"file": str(path), **check.as_dict()})
            else:
                self.stdout.write(check_text(check, lang=lang, name=str(path)))
                self.stdout.write("")
        if o["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        if not all_ok:
            # For scripts: 0 when every file is signed, unchanged and trusted.
            sys.exit(1)
