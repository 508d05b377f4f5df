"""The audit report of one brand as PDF, drawn by WeasyPrint from the report template."""

from __future__ import annotations

from weasyprint import HTML


def render_pdf(html: str) -> bytes:
    return bytes(HTML(string=html).write_pdf())
