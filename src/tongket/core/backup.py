"""Backups of an installation in one archive, and restoring one.

The archive (``.tar.gz``) holds the database, the secret key and the files the application
keeps (``MEDIA_ROOT``: meeting documents, task evidence):

    manifest.json      what is inside, the engine, when it was taken
    database.sqlite3   SQLite: a consistent copy made by SQLite's online backup while the
                       server goes on writing (readers and writers are not stopped)
    database.pgdump    PostgreSQL: ``pg_dump --format=custom``, one consistent snapshot
    secret_key         the installation's key (sessions, signed links, API tokens' hashes)
    media/...          the stored files

Restoring needs the server stopped: the SQLite file is replaced whole, a PostgreSQL database
is emptied and loaded with ``pg_restore``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
_MANIFEST = "manifest.json"
_SQLITE = "database.sqlite3"
_PGDUMP = "database.pgdump"
_KEY = "secret_key"
_MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot be done; ``str()`` gives "vi / en"."""

    def __init__(self, vi: str, en: str) -> None:
        self.vi, self.en = vi, en
        super().__init__(f"{vi} / {en}")


@dataclass
class BackupResult:
    path: Path
    engine: str
    database_bytes: int
    media_files: int
    secret_key: bool


def _engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(
            f"không sao lưu được cơ sở dữ liệu {vendor}", f"cannot back up a {vendor} database"
        )
    return vendor


def _secret_key() -> str | None:
    if os.environ.get("TONGKET_SECRET_KEY"):
        return os.environ["TONGKET_SECRET_KEY"]
    path = Path(settings.SECRET_KEY_FILE)
    return path.read_text(encoding="ascii").strip() if path.is_file() else None


def backup_create(*, out: Path, alias: str = "default") -> BackupResult:
    """Write the archive to ``out`` (written beside it first, then renamed: a backup cut off
    midway never looks like a whole one)."""
    engine = _engine(alias)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tongket-backup-", dir=out.parent) as folder:
        work = Path(folder)
        if engine == "sqlite":
            dump = work / _SQLITE
            _sqlite_backup(connections[alias].settings_dict["NAME"], dump)
        else:
            dump = work / _PGDUMP
            _pg_dump(connections[alias].settings_dict, dump)
        key = _secret_key()
        media = Path(settings.MEDIA_ROOT)
        media_files = [p for p in media.rglob("*") if p.is_file()] if media.is_dir() else []
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": dump.name,
            "secret_key": key is not None,
            "media_files": len(media_files),
        }
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, _MANIFEST, json.dumps(manifest, indent=1).encode())
            tar.add(dump, arcname=dump.name)
            if key is not None:
                _add_bytes(tar, _KEY, key.encode("ascii"), mode=0o600)
            for path in media_files:
                tar.add(path, arcname=f"{_MEDIA}/{path.relative_to(media).as_posix()}")
        os.replace(partial, out)
        return BackupResult(out, engine, dump.stat().st_size, len(media_files), key is not None)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), mode
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _sqlite_backup(name: str, dest: Path) -> None:
    """SQLite's online backup: a consistent copy of the database as of one moment, taken
    while other connections keep reading and writing (in WAL mode writers are not blocked)."""
    if not name or name == ":memory:" or str(name).startswith("file:"):
        raise BackupError(
            "cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được",
            "an in-memory SQLite database cannot be backed up",
        )
    if not Path(name).is_file():
        raise BackupError(f"không có tệp cơ sở dữ liệu {name}", f"no database file {name}")
    source = sqlite3.connect(name, timeout=30)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    check = sqlite3.connect(dest)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise BackupError(
            f"bản sao cơ sở dữ liệu không toàn vẹn ({result})",
            f"the database copy failed its integrity check ({result})",
        )


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = ["--host", db.get("HOST") or "localhost", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict, what_vi: str, what_en: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"không có lệnh {command[0]} (cài gói postgresql-client)",
            f"no {command[0]} command (install postgresql-client)",
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = done.stderr.strip()[-500:]
        raise BackupError(f"{what_vi} thất bại: {detail}", f"{what_en} failed: {detail}")


def _pg_dump(db: dict, dest: Path) -> None:
    args, env = _pg_env(db)
    _run(
        ["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(dest), db["NAME"]],
        env,
        "pg_dump",
        "pg_dump",
    )


def backup_restore(*, archive: Path, alias: str = "default") -> dict:
    """Put the archive's database, secret key and files in place; returns its manifest."""
    engine = _engine(alias)
    archive = Path(archive)
    try:
        tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            f"không đọc được bản sao lưu {archive}: {exc}",
            f"cannot read the backup {archive}: {exc}",
        ) from None
    with tar, tempfile.TemporaryDirectory(prefix="tongket-restore-") as folder:
        work = Path(folder)
        try:
            # The "data" filter refuses links, devices and paths leaving the folder.
            tar.extractall(work, filter="data")
        except (OSError, tarfile.TarError) as exc:
            raise BackupError(f"bản sao lưu hỏng: {exc}", f"the backup is damaged: {exc}") from None
        manifest = _manifest(work)
        if manifest["engine"] != engine:
            raise BackupError(
                f"bản sao lưu của {manifest['engine']}, cơ sở dữ liệu đang dùng là {engine}",
                f"the backup is of {manifest['engine']}, the database in use is {engine}",
            )
        connections[alias].close()
        if engine == "sqlite":
            _sqlite_restore(work / _SQLITE, Path(connections[alias].settings_dict["NAME"]))
        else:
            _pg_restore(connections[alias].settings_dict, work / _PGDUMP)
        if (work / _KEY).is_file() and not os.environ.get("TONGKET_SECRET_KEY"):
            key_path = Path(settings.SECRET_KEY_FILE)
            key_path.parent.mkdir(parents=True, exist_ok=True)
            key_path.write_bytes((work / _KEY).read_bytes())
            key_path.chmod(0o600)
        if (work / _MEDIA).is_dir():
            shutil.copytree(work / _MEDIA, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    return manifest


def _manifest(work: Path) -> dict:
    try:
        manifest = json.loads((work / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(
            "bản sao lưu không có manifest.json hợp lệ",
            "the backup has no valid manifest.json",
        ) from None
    if manifest.get("format") != FORMAT or manifest.get("engine") not in ("sqlite", "postgresql"):
        raise BackupError(
            "bản sao lưu không phải của phiên bản này", "the backup is not of this version"
        )
    if not (work / str(manifest.get("database"))).is_file():
        raise BackupError("bản sao lưu thiếu cơ sở dữ liệu", "the backup lacks its database")
    return manifest


def _sqlite_restore(source: Path, target: Path) -> None:
    check = sqlite3.connect(source)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        raise BackupError(
            f"cơ sở dữ liệu trong bản sao lưu hỏng ({result})",
            f"the database in the backup is damaged ({result})",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + ".restoring")
    shutil.copyfile(source, staged)
    # The old write-ahead log belongs to the old file: left beside the new one it would be
    # replayed into it.
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(staged, target)


def _pg_restore(db: dict, dump: Path) -> None:
    args, env = _pg_env(db)
    _run(
        [
            "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            db["NAME"],
            str(dump),
        ],
        env,
        "pg_restore",
        "pg_restore",
    )
