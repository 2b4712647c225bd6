"""Chinese texts are plain: short sentences, everyday characters (English keeps its grade-8 check).

- A sentence (split on 。！？；!?; and line breaks) has at most 25 Chinese characters; a
  bracketed report term ("免疫组化（IHC）") and placeholders are not counted (glossary-zh.md).
- Of all the Chinese characters patients read, the share outside the 2,500 common characters
  of the 现代汉语常用字表 (data/common_characters_2500.txt) stays under UNCOMMON_LIMIT.
  Chinese medicine names (criteria/data/medicines.yml) are left out: a patient must read
  them as written, and their transliterations (曲妥珠单抗, 吡咯替尼) are mostly rare characters.
  Measured on domain.yml and the channels' texts (the trial file's Chinese not yet merged):
  1.2% (39 of 3,382: 癌 瘤 腺, the disease's own words, 钮 of 按钮, 聊 of 聊天, 杉 醇 of
  紫杉醇, 募 咨 浏). With the trial file's and relations.yml's Chinese (zhtrial): 2.2%
  (231 of 10,347), while medicines.yml holds no Chinese names yet: 癌 72 times, 瘤 17,
  栓 of 血栓 14, 腺 8, 侣 of 伴侣 7, 梗 of 心梗/肠梗阻 5, 雌 搐 泌 靶 (雌激素, 抽搐, 内分泌,
  靶向药), and medicine names (杉 醇 赫 帕 汀 艾 莱 吡 咯 伊 迪 妮 奈: about 0.8 points,
  left out once the lexicon names them in Chinese). The limit is set just above, at 2.3%;
  lower it to just above the new figure when the Chinese medicine names are merged.
"""

from __future__ import annotations

import pytest

from criteria import load_lexicon
from tests.languages.chinese import CHINESE, common_characters, length, sentences, uncommon
from tests.languages.texts import Text, texts_in

MAX_LENGTH = 25
UNCOMMON_LIMIT = 0.023
# Text.where -> why its sentences may be longer. Empty, and best kept so: shorten the sentence.
LONG_ALLOWED: dict[str, str] = {}


def chinese_medicine_names() -> list[str]:
    """The Chinese names of the lexicon's medicines, longest first."""
    names = {n for entry in load_lexicon() for n in [entry["name"], *entry.get("also", [])] if CHINESE.search(str(n))}
    return sorted(names, key=len, reverse=True)


def without_medicines(text: str) -> str:
    for name in chinese_medicine_names():
        text = text.replace(name, "")
    return text


def long_sentences(text: str) -> list[str]:
    return [f"{length(s)}: {s}" for s in sentences(text) if length(s) > MAX_LENGTH]


ZH = texts_in("zh")


@pytest.mark.parametrize("text", ZH, ids=[t.where for t in ZH])
def test_sentences_are_short(text: Text) -> None:
    found = [] if text.where in LONG_ALLOWED else long_sentences(text.text)
    assert found == [], f"{text.where}: sentences over {MAX_LENGTH} Chinese characters: {found}"


def test_few_characters_outside_the_common_list() -> None:
    counts = [uncommon(without_medicines(t.text)) for t in ZH]
    rare, total = sum(r for r, _ in counts), sum(n for _, n in counts)
    assert total > 1000, "too little Chinese to measure"
    share = rare / total
    rare_ones = sorted(
        {c for t in ZH for c in CHINESE.findall(without_medicines(t.text)) if c not in common_characters()}
    )
    assert share <= UNCOMMON_LIMIT, f"{share:.1%} of {total} characters outside the list: {''.join(rare_ones)}"


@pytest.mark.parametrize(
    ("text", "long"),
    [
        ("您好！我是自动助手，不是真人。", []),
        ("免疫组化（IHC）评分是 1+。", []),  # the bracketed term is not counted
        ("第 {number} 题（共 {total} 题）。", []),
        (
            "如果这项研究可能适合您，最后可以留下电话或邮箱，研究团队会联系您。",
            ["30: 如果这项研究可能适合您，最后可以留下电话或邮箱，研究团队会联系您"],
        ),
    ],
)
def test_the_length_check_counts_chinese_characters(text: str, long: list[str]) -> None:
    assert long_sentences(text) == long


def test_the_common_list_is_whole_and_the_share_check_can_fail() -> None:
    assert len(common_characters()) == 2499  # 2,500 listed, 货 twice in the source (see its header)
    assert {"的", "您", "研", "究", "药", "肿"} <= common_characters()
    assert "癌" not in common_characters()  # a 次常用字, in the list's second part
    assert uncommon("您好") == (0, 2)
    assert uncommon("罹患乳腺癌") == (3, 5)  # 罹, 腺 and 癌 are not in the list
