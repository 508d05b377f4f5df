"""Campaign pages: start a spot check campaign, follow its sample, progress and outcomes."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.auth.roles import OFFICIAL
from webapp.errors import Invalid
from webapp.i18n import _
from webapp.paging import page_number
from webapp.spotcheck import queries, services


@login_required
def campaigns() -> Any:
    if request.method == "POST":
        try:
            campaign = services.start_campaign(request.form.get("region", ""), actor=current_user,
                                               rate=_share(request.form.get("rate", "20")),
                                               seed=request.form.get("seed", "").strip() or None)
        except Invalid as error:
            flash(str(error.message), "error")
            return redirect(url_for("spotcheck.campaigns"))
        flash(_("Campaign started: the sampled checks now appear in the counties' inboxes."), "success")
        return redirect(url_for("spotcheck.campaign", campaign_id=campaign.id))
    regions = [code for role, code in current_user.role_pairs if role == OFFICIAL]
    page = queries.campaigns_for(current_user, page_number(request.args.get("page")) or 1)
    return render_template("spotcheck/campaigns.html", page=page, regions=regions)


@login_required
def campaign(campaign_id: int) -> Any:
    return render_template("spotcheck/campaign.html", report=queries.report(campaign_id, current_user))


def _share(percent: str) -> float:
    try:
        return float(percent) / 100
    except ValueError:
        raise Invalid(_("The sample rate is a share between 0 and 1.")) from None
