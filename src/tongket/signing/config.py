"""Where a department's certificates are: read from the environment when a document is signed
(never kept in the settings, never written to the database).

Two signers, each from a PKCS#12 file or a PKCS#11 token (a USB token of a Vietnamese
government certificate is a PKCS#11 module):

``TONGKET_SIGN_PERSON_*``  the person who signs (the director);
``TONGKET_SIGN_AGENCY_*``  the agency, whose signature goes over the seal's place.

Each takes ``PKCS12`` (path) with ``PASSWORD`` or ``PASSWORD_FILE``, or ``PKCS11_MODULE``,
``PKCS11_TOKEN`` (the token's label), ``PKCS11_KEY`` (the key's label; the certificate's too
unless ``PKCS11_CERT`` says otherwise) with ``PKCS11_PIN`` or ``PKCS11_PIN_FILE``; and
``IMAGE``, a PNG shown in the signature (the handwritten signature; the seal for the agency).
``TONGKET_SIGN_TSA_URL`` is the time-stamping service; ``TONGKET_SIGN_TRUST`` the trusted root
certificates (PEM or DER files, separated by «:»).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tongket.signing.errors import SigningError

PREFIX = "TONGKET_SIGN_"
ROLES = ("person", "agency")
ROLE_WORDS = {"person": ("người ký", "the signer"), "agency": ("cơ quan", "the agency")}


@dataclass(frozen=True)
class SignerConfig:
    role: str  # «person» or «agency»
    pkcs12: Path | None = None
    password: bytes | None = None
    pkcs11_module: Path | None = None
    pkcs11_token: str = ""
    pkcs11_key: str = ""
    pkcs11_cert: str = ""
    pin: str | None = None
    image: Path | None = None

    @property
    def kind(self) -> str:
        return "pkcs11" if self.pkcs11_module else "pkcs12"


def _env(environ, role: str, key: str) -> str:
    return (environ.get(f"{PREFIX}{role.upper()}_{key}") or "").strip()


def _secret(environ, role: str, key: str) -> str | None:
    """A password or PIN from its variable, else from the file its ``_FILE`` variable names
    (a file readable by the service's account only, as systemd's credentials are)."""
    value = environ.get(f"{PREFIX}{role.upper()}_{key}")
    if value is not None:
        return value
    path = _env(environ, role, f"{key}_FILE")
    if not path:
        return None
    try:
        return Path(path).read_text("utf-8").rstrip("\r\n")
    except OSError as error:
        vi, en = ROLE_WORDS[role]
        raise SigningError(
            f"Không đọc được tệp mật khẩu của {vi} «{path}»: {error.strerror}",
            f"cannot read the password file of {en} «{path}»: {error.strerror}",
            column=f"{PREFIX}{role.upper()}_{key}_FILE",
        ) from None


def _existing(environ, role: str, key: str) -> Path | None:
    value = _env(environ, role, key)
    if not value:
        return None
    path = Path(value)
    if not path.is_file():
        vi, en = ROLE_WORDS[role]
        raise SigningError(
            f"Không thấy tệp «{value}» (chứng thư số của {vi})",
            f"no file «{value}» (the certificate of {en})",
            column=f"{PREFIX}{role.upper()}_{key}",
        )
    return path


def signer_config(role: str, environ=None) -> SignerConfig | None:
    """The configured signer of ``role``, or None when none is configured."""
    environ = os.environ if environ is None else environ
    pkcs12 = _env(environ, role, "PKCS12")
    module = _env(environ, role, "PKCS11_MODULE")
    if not pkcs12 and not module:
        return None
    vi, en = ROLE_WORDS[role]
    if pkcs12 and module:
        raise SigningError(
            f"Chứng thư số của {vi}: chọn tệp PKCS#12 hoặc thiết bị PKCS#11, không cả hai",
            f"the certificate of {en}: a PKCS#12 file or a PKCS#11 token, not both",
            column=f"{PREFIX}{role.upper()}_PKCS12",
        )
    image = _existing(environ, role, "IMAGE")
    if pkcs12:
        password = _secret(environ, role, "PASSWORD")
        return SignerConfig(
            role=role,
            pkcs12=_existing(environ, role, "PKCS12"),
            password=password.encode() if password is not None else None,
            image=image,
        )
    key = _env(environ, role, "PKCS11_KEY")
    if not key:
        raise SigningError(
            f"Thiết bị ký số của {vi}: thiếu nhãn khóa ({PREFIX}{role.upper()}_PKCS11_KEY)",
            f"the token of {en}: the key's label is missing ({PREFIX}{role.upper()}_PKCS11_KEY)",
            column=f"{PREFIX}{role.upper()}_PKCS11_KEY",
        )
    return SignerConfig(
        role=role,
        pkcs11_module=_existing(environ, role, "PKCS11_MODULE"),
        pkcs11_token=_env(environ, role, "PKCS11_TOKEN"),
        pkcs11_key=key,
        pkcs11_cert=_env(environ, role, "PKCS11_CERT") or key,
        pin=_secret(environ, role, "PKCS11_PIN"),
        image=image,
    )


def tsa_url(environ=None) -> str:
    environ = os.environ if environ is None else environ
    return (environ.get(f"{PREFIX}TSA_URL") or "").strip()


def trust_root_paths(environ=None) -> list[Path]:
    environ = os.environ if environ is None else environ
    value = (environ.get(f"{PREFIX}TRUST") or "").strip()
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def signing_configured(environ=None) -> bool:
    """Whether a signer is configured (the pages offer signing only then)."""
    environ = os.environ if environ is None else environ
    return bool(_env(environ, "person", "PKCS12") or _env(environ, "person", "PKCS11_MODULE"))
