"""Which language a request to the gateway is in: the widget says, else the browser's header.

The widget sends its language in each chat body (`"language": "zh"`) and in the
Accept-Language header of every call, so even a reply given before the body is read
(too fast, too large) is in the patient's language. Any zh tag (zh, zh-CN, zh-Hans)
is Chinese, any other tag English (DESIGN.md section 6: the two languages).
"""

from __future__ import annotations

import re

from starlette.requests import Request

LANGUAGES = ("en", "zh")
DEFAULT = "en"
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def code_of(tag: object) -> str | None:
    """Our code for a language tag: "zh" for zh, zh-CN, zh_TW...; "en" for any other tag; None for no tag."""
    if not isinstance(tag, str) or not _TAG.match(tag.strip()):
        return None
    return "zh" if tag.strip().lower().split("-")[0].split("_")[0] == "zh" else DEFAULT


def header_language(request: Request) -> str | None:
    """The first language of the Accept-Language header ("zh-CN,zh;q=0.9" is zh), if any."""
    first = request.headers.get("accept-language", "").split(",")[0].split(";")[0]
    return code_of(first)


def given_language(request: Request, body: object = None) -> str | None:
    """The language the widget (or the browser) gives: the body's `language`, else the header's; None without."""
    given = body.get("language") if isinstance(body, dict) else None
    return code_of(given) or header_language(request)


def request_language(request: Request, body: object = None) -> str:
    """The language of this request's replies: the one given, else English."""
    return given_language(request, body) or DEFAULT
