"""The ``tongket`` console script: tongket's commands, grouped by area, on tongket's settings.

``tongket``, ``tongket --help`` and ``tongket help`` list tongket's own commands, one line
each, in one language: Vietnamese, or English when ``TONGKET_LANGUAGE`` (else ``LANG``) starts
with ``en``. Django's own commands (development server, database shell, flush …) still run but
are listed only by ``tongket help --all``.
"""

from __future__ import annotations

import os
import sys

# Areas in the order a department meets them; a command belongs to its app's area.
AREAS: list[tuple[str, str, tuple[str, ...]]] = [
    ("Cài đặt", "Set-up", ("units", "web", "demo", "core")),
    ("Tài khoản", "Accounts", ("accounts",)),
    ("API", "API", ("api",)),
    ("Chỉ tiêu", "Indicators", ("indicators",)),
    ("Báo cáo định kỳ", "Periodic reports", ("reporting",)),
    ("Nhập, xuất số liệu", "Import and export", ("transfer",)),
    ("Phân tích, kiểm tra số liệu", "Analytics and checks", ("analytics", "consistency")),
    ("Hội nghị, nhiệm vụ, khen thưởng", "Meetings, tasks, commendations", ("meetings",)),
    ("Văn bản đã công bố", "Published reports", ("extraction", "documents")),
    ("Văn bản của Sở", "The department's documents", ("papers", "signing")),
]
OTHER = ("Khác", "Other")


def language() -> str:
    chosen = os.environ.get("TONGKET_LANGUAGE") or os.environ.get("LANG") or "vi"
    return "en" if chosen.lower().startswith("en") else "vi"


def one_language(text: str, lang: str) -> str:
    """tongket's help texts are written ``Vietnamese / English``: the part for ``lang``."""
    first_line = " ".join(text.split())
    vi, sep, en = first_line.partition(" / ")
    if not sep:
        return first_line
    chosen = (en if lang == "en" else vi).strip()
    return chosen[:1].upper() + chosen[1:]


def tongket_commands() -> dict[str, str]:
    """tongket's own commands: name → app label."""
    from django.core.management import get_commands

    commands = {}
    for name, module in get_commands().items():
        if module.startswith("tongket."):
            commands[name] = module.split(".")[1]
    return commands


def grouped_help(lang: str) -> str:
    from django.core.management import load_command_class

    commands = tongket_commands()
    by_app: dict[str, list[str]] = {}
    for name, app in commands.items():
        by_app.setdefault(app, []).append(name)
    known = {app for _vi, _en, apps in AREAS for app in apps}
    areas = [*AREAS, (*OTHER, tuple(sorted(set(by_app) - known)))]
    width = max(len(name) for name in commands)
    if lang == "en":
        lines = ["Usage: tongket COMMAND [options]   (tongket COMMAND --help for its options)"]
    else:
        lines = [
            "Cách dùng: tongket LỆNH [tuỳ chọn]   (tongket LỆNH --help: các tuỳ chọn của lệnh)"
        ]
    for vi, en, apps in areas:
        names = sorted(name for app in apps for name in by_app.get(app, []))
        if not names:
            continue
        lines += ["", en if lang == "en" else vi]
        for name in names:
            text = one_language(load_command_class(f"tongket.{commands[name]}", name).help, lang)
            lines.append(f"  {name.ljust(width)}  {text}")
    lines += [
        "",
        "Django's development commands: tongket help --all"
        if lang == "en"
        else "Các lệnh phát triển của Django: tongket help --all",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongket.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args in ([], ["--help"], ["-h"], ["help"]):
        import django

        django.setup()
        print(grouped_help(language()))
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tongket", *args])


if __name__ == "__main__":
    main()
