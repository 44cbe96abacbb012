"""A configured certificate opened for signing: a PKCS#12 file, or a key on a PKCS#11 token
(the session is closed when the signing is done)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from pyhanko.sign import signers
from pyhanko.sign.general import SigningError as HankoSigningError

from tongket.signing.config import ROLE_WORDS, SignerConfig
from tongket.signing.errors import SigningError


def _pkcs12(config: SignerConfig) -> signers.Signer:
    vi, en = ROLE_WORDS[config.role]
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            pfx_file=str(config.pkcs12), passphrase=config.password
        )
    except (ValueError, OSError):
        signer = None
    if signer is None:
        raise SigningError(
            f"Không mở được tệp chứng thư số của {vi} «{config.pkcs12}»: sai mật khẩu hoặc "
            "tệp không phải PKCS#12",
            f"cannot open the certificate file of {en} «{config.pkcs12}»: wrong password or "
            "not a PKCS#12 file",
        )
    return signer


@contextlib.contextmanager
def _pkcs11(config: SignerConfig) -> Iterator[signers.Signer]:
    # Imported here: the PKCS#11 library loads only where a token is used.
    from pkcs11 import PKCS11Error
    from pyhanko.sign.pkcs11 import PKCS11Signer, TokenCriteria, open_pkcs11_session

    vi, en = ROLE_WORDS[config.role]
    try:
        session = open_pkcs11_session(
            str(config.pkcs11_module),
            token_criteria=TokenCriteria(label=config.pkcs11_token or None),
            user_pin=config.pin,
        )
    except (PKCS11Error, HankoSigningError, OSError) as error:
        raise SigningError(
            f"Không mở được thiết bị ký số của {vi} (token «{config.pkcs11_token}»): "
            f"{type(error).__name__}; kiểm tra thiết bị đã cắm, nhãn token và mã PIN",
            f"cannot open the token of {en} («{config.pkcs11_token}»): "
            f"{type(error).__name__}; check the token is plugged in, its label and the PIN",
        ) from None
    try:
        try:
            signer = PKCS11Signer(
                session,
                cert_label=config.pkcs11_cert,
                key_label=config.pkcs11_key,
                other_certs_to_pull=None,
            )
        except (PKCS11Error, HankoSigningError) as error:
            raise SigningError(
                f"Trên thiết bị ký số của {vi} không có khóa, chứng thư «{config.pkcs11_key}» "
                f"({type(error).__name__})",
                f"the token of {en} has no key or certificate «{config.pkcs11_key}» "
                f"({type(error).__name__})",
            ) from None
        yield signer
    finally:
        session.close()


@contextlib.contextmanager
def signer_open(config: SignerConfig) -> Iterator[signers.Signer]:
    """The signer of ``config``, ready to sign while the ``with`` block lasts."""
    if config.kind == "pkcs11":
        with _pkcs11(config) as signer:
            yield signer
    else:
        yield _pkcs12(config)
