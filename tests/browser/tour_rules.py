"""What the tour counts as a problem in the text a page shows: internal keys, codes and English words
on a Chinese page; keys, codes and untranslated leftovers on an English page.

Text inside an element marked `translate="no"` (user data or code shown as is: usernames, e-mail,
certificate numbers, JSON, XML) never reaches these rules: the page collector leaves it out."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FILE_TYPE = "a file type named where files are uploaded or downloaded; it has no Chinese name"
ALLOWED_LATIN: dict[str, str] = {
    **dict.fromkeys(("PDF", "CSV", "PNG", "JPEG", "DOCX", "XLSX", "ZIP"), _FILE_TYPE),
    "MB": "the unit of a file's size limit (10 MB), as Chinese software writes it",
    "Excel": "the spreadsheet program of every office; 导出 Excel is how Chinese software words it",
    "Ctrl": "the key's name as printed on the keyboard (按住 Ctrl 多选)",
    "API": "API 令牌 (administrators and integrators): the Chinese term itself keeps the letters",
    "BPMN": "the process diagram standard named in the process designer (administrators only)",
    "DMN": "the decision table standard named in the process designer (administrators only)",
    "QR": "二维码 on certificates is commonly written QR 码",
    "PAdES": "the PDF signature standard named where a signed certificate is verified",
    "SHA": "SHA-256, the name of the fingerprint printed with a certificate; it has no Chinese name",
    "English": "a language is named in its own words where one picks it (the language switch, message language)",
}
"""Latin words a Chinese page may show, each with the reason. Keep it short: any other word is a
label nobody translated or a code shown to people who do not read code."""

VENDOR_CONSOLE: dict[str, str] = {
    "development build of Inferno": "dmn-js's own production bundle (dmn-modeler.production.min.js) ships its Inferno "
                                    "in development mode and says so on the console; nothing the app can change",
}
"""Console errors a vendored library prints on its own, each with the reason it is not the app's fault."""


def vendor_console(text: str) -> bool:
    return any(part in text for part in VENDOR_CONSOLE)


KIND_KEY = "internal key (snake_case)"
KIND_ROLE = "role@code"
KIND_REGION = "region code (GB/T 2260)"
KIND_ID = "internal id (#n)"
KIND_VERSION = "process version (vN)"
KIND_MARKER = "untranslated or unfilled text"
KIND_LATIN = "English word on a Chinese page"
KIND_CODE = "code of letters and digits on a Chinese page"

_LEFT = r"(?<![0-9A-Za-z_.:/\-])"
"""A code "stands alone": not part of a longer word, number, address or dotted name (Chinese may touch it)."""
_RIGHT = r"(?![0-9A-Za-z_:/\-]|\.[0-9A-Za-z])"
_PROVINCES = r"(?:1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12])"
"""The first two digits of a GB/T 2260 code (a province): an amount such as 300000 is no region code."""
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (KIND_MARKER, re.compile(r"%\(\w+\)[sd]|%[sd]\b|\{\{|\}\}|\[object \w+\]|\bInvalid Date\b|\bNaN\b"
                             r"|^(?:None|null|undefined)$|(?<=[：:=（(] )(?:None|null|undefined)\b")),
    (KIND_ROLE, re.compile(_LEFT + r"[A-Za-z_]+@\d+" + _RIGHT)),
    (KIND_KEY, re.compile(_LEFT + r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+" + _RIGHT)),
    (KIND_REGION, re.compile(_LEFT + r"(?:100000|" + _PROVINCES + r"(?:\d{10}|\d{4}))" + _RIGHT)),
    (KIND_ID, re.compile(r"(?<![&\w])#\d+\b")),
    (KIND_VERSION, re.compile(_LEFT + r"v\d+" + _RIGHT)),
]
_LATIN = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")
"""A word, or a code mixing letters and digits (a hash, a key such as sha256)."""


@dataclass(frozen=True)
class Hit:
    kind: str
    token: str


def problems_in(text: str, *, chinese: bool) -> list[Hit]:
    """Each code, key or (on a Chinese page) English word in one piece of shown text."""
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if not any(start < match.end() and match.start() < end for start, end in taken):
                hits.append(Hit(kind, match.group()))
                taken.append(match.span())
    if chinese:
        for match in _LATIN.finditer(text):
            inside = any(start <= match.start() and match.end() <= end for start, end in taken)
            if not inside and match.group() not in ALLOWED_LATIN:
                hits.append(Hit(KIND_CODE if re.search(r"\d", match.group()) else KIND_LATIN, match.group()))
    return hits


COUNT_PHRASES = re.compile(r"共\s*(\d+)\s*[项条个家件份名位]|(\d+)\s+(?:items?|in all|tasks?|results?)\b",
                           re.IGNORECASE)
"""A list's size stated in words ("共 56 项待办", "56 tasks wait for you"): the rows must all be reachable.
The page collector runs it in the browser (the syntax is common to Python and JavaScript)."""

