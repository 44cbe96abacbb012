"""The English catalogues of the web layer are complete and match the marked strings."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tongket

APPS = [
    "web",
    "accounts",
    "meetings",
    "units",
    "reporting",
    "indicators",
    "core",
    "analytics",
    "documents",
    "papers",
    "api",
    "signing",
]
ROOT = Path(tongket.__file__).parent


def _msgids(po: Path) -> dict[str, str]:
    entries = {}
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        if "#, fuzzy" in block.split("msgid", 1)[0] and 'msgid ""\nmsgstr ""' not in block:
            entries[f"FUZZY {block}"] = ""
        found = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        if not found:
            continue
        msgid = "".join(re.findall(r'"(.*)"', found.group(1)))
        if not msgid:
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        entries[msgid] = " ".join("".join(re.findall(r'"(.*)"', s)) for s in strs)
    return entries


@pytest.mark.parametrize("app", APPS)
def test_every_string_has_an_english_translation(app):
    entries = _msgids(ROOT / app / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert entries
    untranslated = [msgid for msgid, text in entries.items() if not text.strip()]
    assert not untranslated, untranslated


@pytest.mark.parametrize("app", APPS)
def test_catalogue_matches_the_marked_strings(app, tmp_path):
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: `make install` installs Debian's gettext")
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tongket.settings"}
    subprocess.run(
        # -P: the copy holds modules (selectors.py) that must not shadow the standard library.
        [sys.executable, "-P", "-m", "tongket", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = set(_msgids(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    shipped = set(_msgids(ROOT / app / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    assert fresh == shipped, (
        f"run makemessages in src/tongket/{app} and translate: new {sorted(fresh - shipped)}, "
        f"gone {sorted(shipped - fresh)}"
    )
