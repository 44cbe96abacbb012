"""``tongket apitoken create USER [--name N]`` (prints the secret once), ``list``, ``revoke``."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tongket.accounts.selectors import user_by_username
from tongket.accounts.services import AccountError
from tongket.api.tokens import (
    TokenError,
    apitoken_create,
    apitoken_find,
    apitoken_list,
    apitoken_revoke,
)
from tongket.core.numbers import format_date
from tongket.reporting.submissions_actor import cli_actor


class Command(BaseCommand):
    help = "Token API cho máy / API tokens for machines: create, list, revoke"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="tạo token (in ra một lần) / make a token")
        create.add_argument("username")
        create.add_argument("--name", default="api", help="tên token / token name")
        listing = sub.add_parser("list", help="liệt kê token / list tokens")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="thu hồi token / revoke a token")
        revoke.add_argument("prefix", help="các ký tự đầu của token / its first characters")
        revoke.add_argument("--reason", default="")
        for p in (create, listing, revoke):
            p.add_argument("--json", action="store_true", help="một đối tượng JSON mỗi dòng")
            p.add_argument("--as", dest="as_user", help="người thực hiện / actor")

    def handle(self, *args, action: str, **options):
        actor = cli_actor(options.get("as_user"))
        try:
            if action == "create":
                self._create(options, actor)
            elif action == "list":
                self._list(options)
            else:
                token = apitoken_revoke(
                    token=apitoken_find(prefix=options["prefix"]),
                    actor=actor,
                    reason=options["reason"],
                )
                self._out(
                    options,
                    {"prefix": token.prefix, "revoked": True},
                    f"Đã thu hồi / revoked {token.prefix}…",
                )
        except (AccountError, TokenError) as error:
            raise CommandError(str(error)) from None

    def _out(self, options, data: dict, text: str) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False) if options["json"] else text)

    def _create(self, options, actor: str) -> None:
        user = user_by_username(username=options["username"])
        token, secret = apitoken_create(user=user, name=options["name"], actor=actor)
        self._out(
            options,
            {"user": user.username, "name": token.name, "prefix": token.prefix, "token": secret},
            secret,
        )
        if not options["json"]:
            self.stderr.write(
                "Token chỉ hiện một lần này; hãy lưu lại ngay / the token is shown this once "
                "only; store it now"
            )

    def _list(self, options) -> None:
        user = user_by_username(username=options["username"]) if options["username"] else None
        for token in apitoken_list(user=user):
            data = {
                "user": token.user.username,
                "name": token.name,
                "prefix": token.prefix,
                "created": token.created_at.isoformat(),
                "last_used": token.last_used_at.isoformat() if token.last_used_at else None,
                "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            state = (
                f"thu hồi / revoked {format_date(token.revoked_at.date())}"
                if token.revoked_at
                else "còn hiệu lực / active"
            )
            used = format_date(token.last_used_at.date()) if token.last_used_at else "—"
            self._out(
                options,
                data,
                f"{token.prefix}…  {token.user.username:<20} {token.name:<24} "
                f"tạo / created {format_date(token.created_at.date())}  "
                f"dùng / used {used}  {state}",
            )
