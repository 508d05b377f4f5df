"""The audit report of one brand as PDF, drawn by WeasyPrint from the report template."""

from __future__ import annotations


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on the first report: a web worker is about 27 MB smaller without it

    return bytes(HTML(string=html).write_pdf())
