"""The search page the header's search box opens."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user, login_required

from webapp.paging import page_number
from webapp.search import queries


@login_required
def results() -> Any:
    text = queries.words(request.args.get("q"))
    kind = request.args.get("kind") if request.args.get("kind") in queries.KINDS else ""
    found = queries.search(text, current_user, kind=kind, number=page_number(request.args.get("page")) or 1) \
        if text else None
    return render_template("search/results.html", text=text, kind=kind, found=found)
