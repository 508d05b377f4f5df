"""Certificates over the API: public verification, the signed PDF, and re-issue batches."""

from __future__ import annotations

from typing import Any

from flask import request, send_file

from webapp.api import actor, documented, json_body
from webapp.auth.roles import ADMIN
from webapp.certificates import queries, services
from webapp.errors import Forbidden, Invalid, NotFound
from webapp.i18n import _

MAX_UPLOAD = 10 * 1024 * 1024


def verification_json(result: queries.Verification) -> dict[str, Any]:
    certificate = result.certificate
    body: dict[str, Any] = {"status": result.status, "superseded": result.superseded, "certificate": None}
    if certificate is not None:
        body["certificate"] = {
            "number": certificate.number, "brand": result.brand.name if result.brand else None,
            "level": certificate.level, "region": certificate.region_code, "authority": result.authority,
            "issued_on": certificate.issued_on.isoformat(), "valid_until": certificate.valid_until.isoformat(),
            "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            "revoke_reason": certificate.revoke_reason}
    if result.signature is not None:
        check = result.signature
        body["signature"] = {"signed": check.signed, "intact": check.intact, "trusted": check.trusted,
                             "signer": check.signer}
    return body


@documented("Verify a certificate by its number and the code printed on it (`?t=`); no sign-in",
            response="Verification", query=("t",))
def verify_certificate(number: str) -> Any:
    return verification_json(queries.verify_number(number, request.args.get("t", "")))


@documented("Verify an uploaded certificate PDF (multipart field `file`): signature, trust chain and fingerprint",
            response="Verification")
def verify_certificate_file() -> Any:
    upload = request.files.get("file")
    data = upload.read(MAX_UPLOAD + 1) if upload else b""
    if not data or len(data) > MAX_UPLOAD:
        raise Invalid(_("Send the certificate PDF (at most 10 MB) as multipart field `file`."),
                      field_errors={"file": [_("No file was sent.")]})
    return verification_json(queries.verify_file(data))


@documented("The signed certificate PDF of a brand you may read")
def certificate_pdf(number: str) -> Any:
    _certificate, path = queries.signed_file_for(number, actor())
    return send_file(path, mimetype="application/pdf", download_name=f"{number}.pdf")


@documented("Re-issue every certificate of one authority (administrators)", body="BatchRequest",
            response="Batch", status=201)
def start_batch() -> Any:
    if not actor().has_role(ADMIN):
        raise Forbidden(_("Only administrators re-issue certificates."))
    body = json_body()
    batch = services.start_reissue(str(body.get("region", "")), reason=str(body.get("reason", "")), actor=actor())
    return batch_json(batch.id), 201


@documented("Progress of a re-issue (its region's administrators)", response="Batch")
def get_batch(batch_id: int) -> Any:
    progress = queries.batch_progress(batch_id)
    if progress is not None and not queries.administers(actor(), progress.batch.region_code):
        raise Forbidden(_("Region %(code)s is outside your jurisdiction.", code=progress.batch.region_code))
    return batch_json(batch_id)


def batch_json(batch_id: int) -> dict[str, Any]:
    progress = queries.batch_progress(batch_id)
    if progress is None:
        raise NotFound(_("Batch %(id)s does not exist.", id=batch_id))
    batch = progress.batch
    return {"id": batch.id, "region": batch.region_code, "reason": batch.reason, "total": batch.total,
            "done": progress.done, "percent": progress.percent,
            "finished_at": batch.finished_at.isoformat() if batch.finished_at else None}
