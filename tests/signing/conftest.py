"""The department's 2017 year (tests/papers), a certificate chain made for the session, its
PKCS#12 files and a SoftHSM2 token, and the environment that configures them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from papers.conftest import catalogue, year2017  # noqa: F401
from signing.pki import SOFTHSM, chain_make, pkcs12_write, softhsm_token

PASSWORD = "mật khẩu thử"
PIN = "123456"
TOKEN = "tongket-token"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "signing"


@pytest.fixture(scope="session")
def chain():
    return chain_make()


@pytest.fixture(scope="session")
def other_chain():
    """A chain nobody configured: its root is not trusted."""
    return chain_make("Other ")


@pytest.fixture(scope="session")
def pki_files(chain, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pki")
    root = folder / "root.pem"
    root.write_bytes(chain.root.pem())
    return {
        "root": root,
        "person": pkcs12_write(
            folder / "person.p12", chain.person, [chain.agency, chain.root], PASSWORD.encode()
        ),
        "agency": pkcs12_write(
            folder / "agency.p12", chain.agency, [chain.root], PASSWORD.encode()
        ),
        "folder": folder,
    }


@pytest.fixture
def signing_env(monkeypatch, pki_files):
    """The signer and the agency from PKCS#12 files, the chain's root trusted; no TSA."""
    for name in list(os.environ):
        if name.startswith("TONGKET_SIGN_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PKCS12", str(pki_files["person"]))
    monkeypatch.setenv("TONGKET_SIGN_PERSON_PASSWORD", PASSWORD)
    monkeypatch.setenv("TONGKET_SIGN_AGENCY_PKCS12", str(pki_files["agency"]))
    password_file = pki_files["folder"] / "agency-password"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    monkeypatch.setenv("TONGKET_SIGN_AGENCY_PASSWORD_FILE", str(password_file))
    monkeypatch.setenv("TONGKET_SIGN_TRUST", str(pki_files["root"]))
    return pki_files


@pytest.fixture(scope="session")
def softhsm(chain, tmp_path_factory):
    """A SoftHSM2 token holding the person's key and certificate («ky-so»)."""
    if not SOFTHSM.exists():
        pytest.fail("SoftHSM2 is not installed: «make softhsm» (apt-get install softhsm2)")
    folder = tmp_path_factory.mktemp("softhsm")
    conf = folder / "softhsm2.conf"
    # SoftHSM2 reads its configuration when the module is first loaded in the process.
    os.environ["SOFTHSM2_CONF"] = str(conf)
    softhsm_token(conf, label=TOKEN, pin=PIN, holder=chain.person, chain=[chain.agency, chain.root])
    return {"module": SOFTHSM, "token": TOKEN, "pin": PIN, "key": "ky-so"}
