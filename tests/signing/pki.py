"""A certificate chain made in the test with ``cryptography``: a root, the agency (issued by the
root, a CA itself), the person (issued by the agency) and a time-stamping authority; PKCS#12
files of them, a SoftHSM2 token holding the person's key, and a small RFC 3161 service."""

from __future__ import annotations

import datetime as dt
import http.server
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
NOW = dt.datetime.now(dt.UTC)


@dataclass
class Holder:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def asn1_cert(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))

    def asn1_key(self) -> asn1_keys.PrivateKeyInfo:
        der = self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return asn1_keys.PrivateKeyInfo.load(der)


def _name(cn: str, org: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(parts)


def issue(
    cn: str,
    *,
    org: str = "",
    issuer: Holder | None = None,
    ca: bool = False,
    timestamping: bool = False,
) -> Holder:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(cn, org)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not timestamping,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    cert = builder.sign(issuer.key if issuer else key, hashes.SHA256())
    return Holder(key, cert)


@dataclass
class Chain:
    root: Holder
    agency: Holder
    person: Holder
    tsa: Holder


def chain_make(prefix: str = "") -> Chain:
    root = issue(f"{prefix}Root CA tongket test", org="Ban Cơ yếu Chính phủ (thử)", ca=True)
    agency = issue(
        "Sở Khoa học và Công nghệ tỉnh Hưng Yên",
        org="UBND tỉnh Hưng Yên",
        issuer=root,
        ca=True,
    )
    person = issue("Nguyễn Văn Ký", org="Sở Khoa học và Công nghệ tỉnh Hưng Yên", issuer=agency)
    tsa = issue("TSA tongket test", issuer=root, timestamping=True)
    return Chain(root, agency, person, tsa)


def pkcs12_write(path: Path, holder: Holder, chain: list[Holder], password: bytes) -> Path:
    data = pkcs12.serialize_key_and_certificates(
        name=b"tongket",
        key=holder.key,
        cert=holder.cert,
        cas=[c.cert for c in chain],
        encryption_algorithm=serialization.BestAvailableEncryption(password),
    )
    path.write_bytes(data)
    return path


def softhsm_token(conf: Path, *, label: str, pin: str, holder: Holder, chain: list[Holder]):
    """A SoftHSM2 token with ``holder``'s key and certificate (both labelled «ky-so») and the
    chain's certificates, written through PKCS#11 itself. SoftHSM2 reads ``conf`` (named by
    SOFTHSM2_CONF, which must be set before the module is first loaded in the process)."""
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key

    tokens = conf.parent / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            label,
            "--so-pin",
            "00000000",
            "--pin",
            pin,
        ],
        env={"SOFTHSM2_CONF": str(conf), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    token = pkcs11.lib(str(SOFTHSM)).get_token(token_label=label)
    der_key = holder.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    with token.open(rw=True, user_pin=pin) as session:
        attrs = decode_rsa_private_key(der_key)
        attrs.update(
            {
                Attribute.LABEL: "ky-so",
                Attribute.ID: b"\x01",
                Attribute.TOKEN: True,
                Attribute.SIGN: True,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
            }
        )
        session.create_object(attrs)
        for n, who in enumerate([holder, *chain]):
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: "ky-so" if n == 0 else f"ca-{n}",
                    Attribute.ID: bytes([n + 1]),
                    Attribute.VALUE: who.cert.public_bytes(serialization.Encoding.DER),
                    Attribute.SUBJECT: who.cert.subject.public_bytes(),
                    Attribute.ISSUER: who.cert.issuer.public_bytes(),
                }
            )


class TimeStampService:
    """An RFC 3161 service over HTTP on 127.0.0.1, signing with the chain's TSA certificate
    (pyHanko's own test time-stamper does the signing); counts the requests it answered."""

    def __init__(self, chain: Chain):
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        stamper = DummyTimeStamper(
            tsa_cert=chain.tsa.asn1_cert(),
            tsa_key=chain.tsa.asn1_key(),
            certs_to_embed=[chain.root.asn1_cert()],
        )
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_response(415)
                    self.end_headers()
                    return
                request = tsp.TimeStampReq.load(body)
                answer = stamper.request_tsa_response(request).dump()
                service.answered += 1
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                return None

        self.answered = 0
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/tsa"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> TimeStampService:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
