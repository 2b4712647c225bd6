"""Which language a navigator's pages are in: their choice, else the browser's Accept-Language.

The choice (the switch in every page's header) is kept in a cookie for this browser and on the
navigator's account (`navigators.language`, migration 0006), so it follows them to another
computer after log-in. Until anything is chosen, Accept-Language decides: zh* → Chinese.
"""

from __future__ import annotations

from bot.navigator.texts import DEFAULT_LANGUAGE, known_language

COOKIE = "navigator_language"
COOKIE_SECONDS = 365 * 24 * 3600


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.strip().partition("=")
        if name.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def from_accept_language(header: str | None) -> str | None:
    """The pages' language the browser prefers most ("zh-CN,zh;q=0.9,en;q=0.8" → zh), or None."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((header or "").split(",")):
        tag, *parameters = item.strip().split(";")
        code = known_language(tag.strip().split("-")[0].split("_")[0])
        quality = _quality(parameters)
        if code and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else None


def choose(*, cookie: str | None, account: str | None, accept_language: str | None) -> str:
    """The browser's choice (cookie), else the account's, else Accept-Language, else English."""
    return (
        known_language(cookie) or known_language(account) or from_accept_language(accept_language) or DEFAULT_LANGUAGE
    )
