"""What the BPMN editor shows for the keys a diagram holds: a lane's name is a level key (`township`)
and a candidate group a role key (`official`), because the engine reads them; the editor draws
lanes with the level's name and lists both in its help, in the reader's language."""

from __future__ import annotations

from webapp.i18n import translate
from webapp.regions import queries as regions
from webapp.vocabulary import ROLES


def editor_labels(english: bool) -> dict[str, list[tuple[str, str]]]:
    """{"levels": [(key, name)...], "roles": [(key, name)...]}: pairs, so that the levels keep the
    region tree's order (top to bottom) through JSON; the applicant comes last."""
    levels = list(regions.lane_names(english).items())
    roles = [(key, translate(name)) for key, name in ROLES.items() if key != "admin"]
    return {"levels": levels, "roles": roles}
