"""Chinese medicine names typed by sound: "来去唑" is 来曲唑 (letrozole), "赫塞丁" 赫赛汀.

Patients write Chinese with pinyin and voice input, which offer every character of the
sound: a name comes out with other characters that sound the same. The Chinese
counterpart of the English close-typo rule: a run of Chinese characters that sounds like
a Chinese name of the lexicon of 3 characters or more (toneless pinyin: the patient's
characters as usually read, the name's as read in the name or alone) is that medicine; a
name of 4 syllables or more may be one syllable off, not the first ("艾瑞布林" for
艾立布林). Guards keep everyday words out ("发了通知" sounds like 法乐通 at its start): at
least half of the characters are the name's own, in their places; only one medicine
sounds that close; rare readings do not count; exact spellings are found first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from understanding.normalise import HAN_CHARS

_HAN_RUN = re.compile(f"[{HAN_CHARS}]+")
SHORTEST = 3  # a name of fewer characters sounds like too many everyday words ("弗隆", "泰素")
ONE_OFF_FROM = 4  # from this many syllables a name may be one syllable off


def name_readings(name: str) -> tuple[frozenset[str], ...]:
    """The toneless readings of each character of a name: as read within the name, and as read alone.

    "哌柏西利" is pai bai xi li. Only these two: a character's rare readings would make
    everyday words sound like names (赫 is also "shi": "优势得" would be 优赫得).
    pypinyin is imported here, when the lexicon is first sounded (its tables take a third of
    a second to load), not when the finders' module is.
    """
    from pypinyin import Style, lazy_pinyin

    within = lazy_pinyin(name, style=Style.NORMAL)
    if len(within) != len(name):  # a character pypinyin cannot read: each character as read alone
        within = [""] * len(name)
    return tuple(frozenset({said, reading(char)} - {""}) for char, said in zip(name, within, strict=True))


@lru_cache(maxsize=8192)
def reading(char: str) -> str:
    """The usual toneless reading of one Chinese character ("柏": bai), or "" for another character.

    A patient's characters are sounded so: the character was picked for the sound it usually
    has, and a rare reading would let everyday words sound like names (胺 is also read "e").
    """
    from pypinyin import Style, pinyin

    said = pinyin(char, style=Style.NORMAL, errors="ignore")
    return said[0][0] if said else ""


@dataclass(frozen=True)
class _Sounded:
    """One Chinese spelling of a medicine and the readings of each of its characters."""

    spelling: str
    name: str  # the lexicon's generic name
    syllables: tuple[frozenset[str], ...]

    def off(self, run: str) -> int:
        """How many characters of a run of the same length sound like none of the spelling's."""
        return sum(reading(c) not in s for c, s in zip(run, self.syllables, strict=True))

    def own(self, run: str) -> bool:
        """True when at least half of the run's characters are the spelling's own, in their places."""
        return 2 * sum(a == b for a, b in zip(run, self.spelling, strict=True)) >= len(self.spelling)


class SoundAlikes:
    """Finds runs of Chinese characters that sound like one Chinese name of the lexicon."""

    def __init__(self, spellings: Mapping[str, str]) -> None:
        """`spellings`: every spelling of the lexicon (lower case) to its generic name; the Chinese ones are sounded."""
        self._exact = set(spellings)
        self._by_length: dict[int, list[_Sounded]] = defaultdict(list)
        self._by_char: dict[str, list[tuple[_Sounded, int]]] = defaultdict(list)
        for spelling, name in spellings.items():
            if len(spelling) < SHORTEST or not _HAN_RUN.fullmatch(spelling):
                continue
            sounded = _Sounded(spelling, name, name_readings(spelling))
            self._by_length[len(spelling)].append(sounded)
            for place, char in enumerate(spelling):
                self._by_char[char].append((sounded, place))

    def find(self, text: str, taken: Iterable[int] = ()) -> list[tuple[int, int, str]]:
        """(start, end, generic name) of each run that sounds like a name, away from the characters `taken`.

        Of runs that overlap, one that sounds exactly like a name beats one a syllable off
        ("打过曲妥株单抗": 曲妥株单抗 is 曲妥珠单抗, not 德曲妥珠单抗 one syllable off);
        two that name two medicines as closely are both left out (never a guess).
        """
        if not self._by_char:
            return []
        busy = set(taken)
        seen: set[tuple[int, int]] = set()
        found: dict[tuple[int, int], tuple[int, str]] = {}
        for run in _HAN_RUN.finditer(text):
            for at in range(run.start(), run.end()):
                for sounded, place in self._by_char.get(text[at], ()):
                    start, end = at - place, at - place + len(sounded.spelling)
                    if start < run.start() or end > run.end() or (start, end) in seen:
                        continue
                    if not sounded.own(text[start:end]):
                        continue  # a name that owns the run is met through its own characters too
                    seen.add((start, end))
                    if busy.intersection(range(start, end)):
                        continue
                    hit = self._only_name(text[start:end])
                    if hit:
                        found[(start, end)] = hit
        return [(start, end, name) for group in _overlapping(found) for start, end, name in _one_of(group)]

    def _only_name(self, run: str) -> tuple[int, str] | None:
        """(syllables off, the one medicine) a run sounds like, exactly or else one syllable off; or None.

        One syllable off: only in a name of ONE_OFF_FROM syllables or more, and not its first
        (the first is the one heard best, and a different first character often names another
        compound: 硫尿嘧啶, 氯地孕酮). The medicine's own characters must make at least half
        of the run, and no other medicine may sound as close.
        """
        if run in self._exact:
            return None
        offs = [(s.off(run), s) for s in self._by_length.get(len(run), [])]
        for allowed in (0, 1) if len(run) >= ONE_OFF_FROM else (0,):
            close = [s for off, s in offs if off == allowed]
            if allowed:
                close = [s for s in close if reading(run[0]) in s.syllables[0]]
            if close:
                names = {s.name for s in close}
                if len(names) == 1 and any(s.own(run) for s in close):
                    return allowed, names.pop()
                return None
        return None


def _overlapping(found: Mapping[tuple[int, int], tuple[int, str]]) -> list[list[tuple[int, int, int, str]]]:
    """The runs found, (start, end, syllables off, name), in groups of runs that overlap."""
    groups: list[list[tuple[int, int, int, str]]] = []
    for (start, end), (off, name) in sorted(found.items()):
        if groups and start < max(e for _s, e, _o, _n in groups[-1]):
            groups[-1].append((start, end, off, name))
        else:
            groups.append([(start, end, off, name)])
    return groups


def _one_of(group: Sequence[tuple[int, int, int, str]]) -> list[tuple[int, int, str]]:
    """The longest (then first) of the closest runs of an overlapping group, when they name one medicine."""
    closest = min(off for _s, _e, off, _n in group)
    best = [(start, end, name) for start, end, off, name in group if off == closest]
    if len({name for _s, _e, name in best}) != 1:
        return []
    return [max(best, key=lambda run: (run[1] - run[0], -run[0]))]
