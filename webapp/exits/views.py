"""Starting the exit procedure from a brand's page: an official's proposal or a withdrawal."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from webapp.errors import Conflict, Invalid
from webapp.exits import services
from webapp.i18n import _


@login_required
def propose(brand_id: int) -> Any:
    return _start(brand_id, services.propose_exit, _("Exit proposed: the city evaluates it first."))


@login_required
def withdraw(brand_id: int) -> Any:
    return _start(brand_id, services.withdraw, _("Withdrawal requested: the city confirms it."))


def _start(brand_id: int, command: Any, done: Any) -> Any:
    try:
        command(brand_id, request.form.get("reason", ""), actor=current_user)
    except (Invalid, Conflict) as error:
        flash(str(error.message), "error")
    else:
        flash(done, "success")
    return redirect(url_for("web.brand", brand_id=brand_id))
