"""Charts drawn on the server as SVG (no script; colours come from the stylesheet's classes)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from markupsafe import Markup

from bot.navigator.overview import Step, Week
from bot.navigator.queue import OUTCOMES
from bot.navigator.texts import DEFAULT_LANGUAGE, fill, texts

WIDTH = 720
LABEL_WIDTH = 150
COUNT_WIDTH = 60
ROW_HEIGHT = 34
BAR_HEIGHT = 22
PLOT_HEIGHT = 220
AXIS_LEFT = 44
AXIS_BOTTOM = 40
LEGEND_HEIGHT = 30
WIDE_CHARACTER = "\u2e80"  # from here on (CJK) a character takes about two Latin widths


def _width(words: str) -> int:
    """About how wide a legend label is drawn, in pixels (Chinese characters are wider)."""
    return sum(14 if character >= WIDE_CHARACTER else 8 for character in words)


def _text(x: float, y: float, words: str, css: str = "", anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}">{escape(words)}</text>'


def _svg(title: str, description: str, height: float, body: list[str], css: str) -> Markup:
    return Markup(
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{escape(title)}: {escape(description)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>{''.join(body)}</svg>"
    )


def _bars(rows: Sequence[tuple[str, int]], shares: bool) -> list[str]:
    """Horizontal bars with their labels and counts; with `shares`, each count's share of the first."""
    top = max([count for _label, count in rows] + [1])
    first = rows[0][1] if rows else 0
    bar_space = WIDTH - LABEL_WIDTH - COUNT_WIDTH - 10
    body = []
    for index, (label, count) in enumerate(rows):
        y = index * ROW_HEIGHT + 6
        width = bar_space * count / top
        share = f" ({100 * count / first:.0f}%)" if shares and first and index else ""
        body.append(_text(LABEL_WIDTH - 10, y + BAR_HEIGHT * 0.72, label, "label", "end"))
        body.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{max(width, 1.5):.1f}" height="{BAR_HEIGHT}" '
            f'class="bar step-{index}"><title>{escape(label)}: {count}{share}</title></rect>'
        )
        body.append(_text(LABEL_WIDTH + max(width, 1.5) + 6, y + BAR_HEIGHT * 0.72, f"{count}{share}", "value"))
    return body


def funnel_svg(steps: Sequence[Step], language: str = DEFAULT_LANGUAGE) -> Markup:
    """Horizontal bars, one per step, each with its count and its share of the first step."""
    body = _bars([(s.label, s.count) for s in steps], shares=True)
    description = ", ".join(f"{s.label} {s.count}" for s in steps)
    return _svg(texts(language)["charts"]["funnel"], description, len(steps) * ROW_HEIGHT + 8, body, "funnel")


def channels_svg(counts: Mapping[str, int], language: str = DEFAULT_LANGUAGE) -> Markup:
    """Screenings per channel (website, Telegram, WeChat...), named in the navigator's language."""
    words = texts(language)
    rows = [(words["channels"].get(code, code), count) for code, count in counts.items()]
    description = ", ".join(f"{label} {count}" for label, count in rows)
    height = max(len(rows), 1) * ROW_HEIGHT + 8
    return _svg(words["charts"]["channels"], description, height, _bars(rows, shares=False), "channels")


def _nice_top(value: int) -> int:
    """A round number at or above value for the axis (1, 2, 5, 10, 20, 50, ...)."""
    if value <= 5:
        return max(value, 1)
    magnitude = 10 ** math.floor(math.log10(value))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= value)


def weekly_svg(weeks: Sequence[Week], language: str = DEFAULT_LANGUAGE) -> Markup:
    """Stacked columns per week: likely eligible, needs review, not eligible; with a legend (in `language`)."""
    words = texts(language)["charts"]
    labels = texts(language)["outcomes"]
    top = _nice_top(max([w.total for w in weeks] + [0]))
    plot_width = WIDTH - AXIS_LEFT - 10
    slot = plot_width / max(len(weeks), 1)
    base = LEGEND_HEIGHT + PLOT_HEIGHT
    body = []
    step = max(1, top // 5) if top % 5 == 0 else max(1, top // 2)
    for tick in range(0, top + 1, step):
        y = base - PLOT_HEIGHT * tick / top
        body.append(f'<line x1="{AXIS_LEFT}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        body.append(_text(AXIS_LEFT - 6, y + 4, str(tick), "tick", "end"))
    for index, week in enumerate(weeks):
        x = AXIS_LEFT + index * slot + slot * 0.15
        y = base
        for outcome in OUTCOMES:
            count = week.counts.get(outcome, 0)
            if not count:
                continue
            height = PLOT_HEIGHT * count / top
            y -= height
            week_of = fill(words["week_of"], date=week.start.strftime(words["long_date"]))
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" class="o-{outcome}">'
                f"<title>{escape(week_of)}: {escape(labels[outcome])} {count}</title></rect>"
            )
        if index % 2 == (len(weeks) - 1) % 2 or len(weeks) <= 8:  # every other label when crowded, ending at this week
            body.append(_text(x + slot * 0.35, base + 18, week.start.strftime(words["tick_date"]), "tick", "middle"))
    body.append(_text(AXIS_LEFT, base + 36, words["axis"], "axis"))
    x = AXIS_LEFT
    for outcome in OUTCOMES:
        body.append(f'<rect x="{x}" y="6" width="14" height="14" class="o-{outcome}"/>')
        body.append(_text(x + 20, 18, labels[outcome], "legend"))
        x += 20 + _width(labels[outcome]) + 30
    description = "; ".join(
        fill(words["week_of"], date=w.start.strftime(words["tick_date"]))
        + ": "
        + ", ".join(f"{labels[o]} {c}" for o, c in w.counts.items())
        for w in weeks
    )
    return _svg(words["weekly"], description, base + AXIS_BOTTOM + 4, body, "weekly")
