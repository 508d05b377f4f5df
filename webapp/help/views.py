"""The help pages, open to everyone (they hold no one's data), and the header's link to them."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.help import guides


def index() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("help.guide", role=guides.role_of(current_user)))
    return render_template("help/index.html", roles=list(guides.GUIDES))


def guide(role: str) -> Any:
    if role not in guides.GUIDES:
        abort(404)
    found = guides.GUIDES[role]
    return render_template("help/guide.html", role=role, guide=found, roles=list(guides.GUIDES),
                           tables=[guides.TABLES[key] for key in found.tables])


def help_link(topic: str | None = None) -> str:
    """The header's 帮助: the help of the reader's role, at the section about the page he is on."""
    if not current_user.is_authenticated:
        return url_for("help.index")
    role = guides.role_of(current_user)
    return url_for("help.guide", role=role, _anchor=guides.anchor(role, request.endpoint, topic))
