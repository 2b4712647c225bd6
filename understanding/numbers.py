"""Numbers said in words: "fifty four" adds up, "五十四" counts tens (5 × 10 + 4).

A language whose file has `number_multipliers` (Chinese: 十 10, 百 100) writes a number
as digits and multipliers; one without adds its number words up ("fifty four": 50 + 4).
Digits alone in such a language are read one after the other ("二零一九": 2019).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def spoken_number(words: Sequence[str], numbers: Mapping[str, int], multipliers: Mapping[str, int]) -> int | None:
    """The number the words say, or None when a word is no number word."""
    if any(w not in numbers and w not in multipliers for w in words) or not words:
        return None
    if not multipliers:
        return sum(numbers[w] for w in words)
    if not any(w in multipliers for w in words):
        digits = [numbers[w] for w in words]
        return int("".join(map(str, digits))) if all(0 <= d <= 9 for d in digits) else sum(digits)
    total = current = 0
    for word in words:
        if word in multipliers:
            total += (current or 1) * multipliers[word]
            current = 0
        else:
            current = numbers[word]
    return total + current
