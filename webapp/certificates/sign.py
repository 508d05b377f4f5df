"""PAdES signatures with pyHanko: signing with an authority's cached signer, and checking a PDF's
signature against the trusted roots. Pure apart from reading the key file once per identity.

pyHanko (about 25 MB in memory) is imported by the functions that sign or check, not with the module:
the web workers, which seldom do either, stay that much smaller."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyhanko.sign import signers

_signers: dict[tuple[str, float, str], signers.SimpleSigner] = {}


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    intact: bool = False
    trusted: bool = False
    signer: str | None = None

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted


def signer_for(key_path: str, certificate_pem: str, chain_pem: str) -> signers.SimpleSigner:
    """Loading a key costs far more than signing with it, so each identity's signer is kept."""
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cache_key = (key_path, Path(key_path).stat().st_mtime, certificate_pem)
    signer = _signers.get(cache_key)
    if signer is None:
        chain = list(load_certs_from_pemder_data(chain_pem.encode())) if chain_pem.strip() else []
        signer = signers.SimpleSigner(
            signing_cert=next(iter(load_certs_from_pemder_data(certificate_pem.encode()))),
            signing_key=load_private_key_from_pemder(key_path, passphrase=None),
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )
        _signers[cache_key] = signer
    return signer


def sign_pdf(pdf: bytes, signer: signers.SimpleSigner, *, reason: str, location: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    metadata = signers.PdfSignatureMetadata(field_name="BrandcertSignature", md_algorithm="sha256",
                                            subfilter=fields.SigSeedSubFilter.PADES, reason=reason,
                                            location=location)
    output = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), metadata, signer=signer)
    return bytes(output.getvalue())


def check_pdf(data: bytes, roots_pem: list[bytes]) -> SignatureCheck:
    from pyhanko.keys import load_certs_from_pemder_data
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:
        return SignatureCheck(signed=False)
    if not signatures:
        return SignatureCheck(signed=False)
    roots: list[Any] = [cert for pem in roots_pem for cert in load_certs_from_pemder_data(pem)]
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(signatures[0], context)
    except Exception:
        return SignatureCheck(signed=True)
    return SignatureCheck(signed=True, intact=bool(status.intact and status.valid), trusted=bool(status.trusted),
                          signer=status.signing_cert.subject.native.get("common_name"))
