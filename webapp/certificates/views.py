"""Public verification of certificates (no sign-in), downloads, and re-issue batches."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from webapp.auth.roles import ADMIN
from webapp.certificates import queries, register, services
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.regions import queries as regions

MAX_UPLOAD = 10 * 1024 * 1024


def verify_form() -> Any:
    number, code = request.args.get("number", "").strip(), request.args.get("t", "").strip()
    if number:
        return redirect(url_for("certificates.verify_number", number=number, t=code))
    return render_template("certificates/verify.html")


def verify_number(number: str) -> Any:
    result = queries.verify_number(number, request.args.get("t", ""))
    return render_template("certificates/result.html", result=result, number=number, uploaded=False)


def verify_upload() -> Any:
    upload = request.files.get("file")
    data = upload.read(MAX_UPLOAD + 1) if upload else b""
    if not data or len(data) > MAX_UPLOAD:
        flash(_("Choose the certificate's PDF file (at most 10 MB)."), "error")
        return render_template("certificates/verify.html"), 422
    return render_template("certificates/result.html", result=queries.verify_file(data), number=None, uploaded=True)


@login_required
def download(number: str) -> Any:
    certificate, path = queries.signed_file_for(number, current_user)
    return send_file(path, mimetype="application/pdf", download_name=f"{certificate.number}.pdf")


@login_required
def register_page() -> Any:
    """证书登记簿: the certificates of the authorities within the reader's jurisdiction."""
    authorities = register.authorities(current_user)  # officials, auditors and administrators only
    errors: dict[str, list[Any]] = {}
    try:
        filters = register.Filters.parse(request.args)
    except Invalid as error:
        filters, errors = register.Filters(), error.field_errors
    page = None if errors else register.page(filters, current_user)
    return render_template("certificates/register.html", filters=filters, errors=errors, page=page,
                           authorities=authorities, levels=regions.all_levels()), (422 if errors else 200)


@login_required
def revoke(number: str) -> Any:
    certificate, brand = register.readable(number, current_user)
    reason, errors = request.form.get("reason", ""), {}
    if request.method == "POST":
        try:
            services.revoke(number, reason=reason, actor=current_user)
        except Invalid as error:
            errors = error.field_errors
        else:
            flash(_("Certificate %(number)s is revoked: its verification page says so, with the reason.",
                    number=number), "success")
            return redirect(url_for("certificates.register_page", q=number))
    return render_template("certificates/revoke.html", certificate=certificate, brand=brand, reason=reason,
                           errors=errors, may_revoke=register.revocable(certificate, current_user),
                           reason_limit=services.REASON_LIMIT), (422 if errors else 200)


@login_required
def batches() -> Any:
    if not current_user.has_role(ADMIN):
        abort(403)
    if request.method == "POST":
        try:
            batch = services.start_reissue(request.form.get("region", "").strip(), actor=current_user,
                                           reason=request.form.get("reason", "").strip())
        except Invalid as error:
            flash(str(error.message), "error")
        else:
            flash(_("Re-issue of %(count)s certificates started.", count=batch.total), "success")
        return redirect(url_for("certificates.batches"))
    return render_template("certificates/batches.html", batches=queries.batches(current_user),
                           region_choices=queries.reissue_regions(current_user))
