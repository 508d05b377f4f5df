"""Rendering a certificate: the HTML template in the top-level `certificates/` folder, a QR code
to its verification page (segno, inline SVG), and WeasyPrint. Bytes out; no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from webapp import bidi
from webapp.config import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "certificates"


@dataclass(frozen=True)
class CertificateView:
    number: str
    token: str
    brand: str
    brand_type: str
    trades: str
    unit: str
    region_name: str
    region_path: str
    level_name: str
    authority: str
    issued_on: date
    valid_until: date
    verify_url: str


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                              finalize=bidi.isolate)
    environment.filters["cn_date"] = cn_date
    return environment


def render_pdf(view: CertificateView) -> bytes:
    # imported here: web workers, which seldom draw a certificate, never load WeasyPrint (about 27 MB each)
    import segno
    from weasyprint import HTML

    qr = segno.make(view.verify_url, error="m").svg_inline(scale=3, dark="#2b2118", border=1)
    html = _environment().get_template("certificate.html").render(c=view, qr=Markup(qr))
    return bytes(HTML(string=html, base_url=str(TEMPLATES)).write_pdf())
