"""Chinese patients who answer every question in their own words (issue 15).

Written as patients and families in mainland China type: colloquial, report lines copied
with their brackets ("HER2（++）", "ER（+，80%）"), brand names (赫赛汀, 希罗达), English
report terms mixed in ("FISH 阴性", "ER 90%+"), Traditional characters and full-width
digits now and then. Each expectation follows the trial's rules
(criteria/data/nct06561607.yml), exactly as the English cases of free_text_patients.py do;
none of these sentences is in the training data or the readers' test tables.
"""

from __future__ import annotations

from tests.e2e.patients import Answer, Case

# A Chinese patient who fits, answering in the order the bot asks.
ELIGIBLE_ZH: dict[str, Answer] = {
    "her2_ihc": "HER2（1+）",
    "anti_her2": "没用过",
    "chemo_metastatic": "没有",
    "hormone_receptor": "ER阳性",
    "disease_extent": "已经转移到肝上了",
    "progression": "是的，长大了",
    "age": "54岁",
    "daily_activity": "能做点轻的家务",
    "cancer_history": "都没有",
    "heart_lung": "这些都没有",
    "other_conditions": "没有",
    "allergies": "没有过敏",
}

# The same eligible story, chattier.
CHATTY_ZH: dict[str, Answer] = {
    "her2_ihc": "报告上写的是HER2(+)",
    "anti_her2": "从来没打过靶向药",
    "chemo_metastatic": "复发以后一直吃来曲唑和哌柏西利，没做过化疗",
    "hormone_receptor": "雌激素受体阳性，孕激素受体也是阳性",
    "disease_extent": "骨转移了，医生说是晚期",
    "progression": "最近一次CT说有新的病灶",
    "age": "六十一",
    "daily_activity": "平时还在上班，每天走路",
    "cancer_history": "没有这些情况",
    "heart_lung": "一个都没有",
    "other_conditions": "没",
    "allergies": "没有什么过敏的",
}

# Shown to a Chinese patient at each outcome (the glossary's words, ../shared/glossary-zh.md).
LIKELY_ZH = ("可能符合条件", "Qingyuan Zhang")
NOT_A_MATCH_ZH = ("不符合这项研究的条件",)
NEEDS_ZH = ("病理报告",)


def zh(
    name: str,
    changes: dict[str, Answer],
    outcome: str,
    not_met: list[str] | None = None,
    *,
    unknown: list[str] | None = None,
    says: tuple[str, ...] = (),
    consent: tuple[str, ...] = ("可以，开始吧",),
    relation: str | None = None,
) -> Case:
    """A Chinese case: the eligible Chinese story with `changes`, started with Chinese consent."""
    return Case(name, changes, outcome, not_met or [], unknown or [], says, ELIGIBLE_ZH, consent, relation)


ZH_CASES = [
    # ------------------------------------------------------------ likely eligible
    zh("zh: eligible, short answers", {}, "likely_eligible", says=LIKELY_ZH),
    zh("zh: eligible, chatty throughout", dict(CHATTY_ZH), "likely_eligible", says=LIKELY_ZH),
    zh("zh: HER2 (++) then FISH no amplification", {"her2_ihc": "HER2（++）", "her2_ish": "FISH无扩增"},
       "likely_eligible"),
    zh("zh: IHC 2+ and FISH negative in one message", {"her2_ihc": "免疫组化HER2(++)，FISH阴性"},
       "likely_eligible"),
    zh("zh: HER2-low named by the doctor", {"her2_ihc": "医生说我是HER2低表达"}, "likely_eligible"),
    zh("zh: sister had Herceptin, not me", {"anti_her2": "我姐姐打过赫赛汀，我自己没有"}, "likely_eligible"),
    zh("zh: chemo only before the operation", {"chemo_metastatic": "手术前做过新辅助化疗，复发以后没化疗"},
       "likely_eligible"),
    zh("zh: receptor line copied from the report", {"hormone_receptor": "ER（+，80%），PR（-）"},
       "likely_eligible"),
    zh("zh: age in Chinese numerals", {"age": "五十八岁"}, "likely_eligible"),
    zh("zh: age as a year of birth", {"age": "我是1972年出生的"}, "likely_eligible"),
    zh("zh: Traditional characters", {"anti_her2": "我從來沒用過赫賽汀", "disease_extent": "已經轉移到骨頭了"},
       "likely_eligible"),
    zh("zh: full-width digits", {"her2_ihc": "ＨＥＲ２（１＋）", "age": "５４岁"}, "likely_eligible"),
    zh("zh: a whole report line with English terms",
       {"her2_ihc": "ER 90%+, PR 20%+, HER2 1+, Ki67 30%"}, "likely_eligible"),
    zh("zh: English report words inside Chinese sentences",
       {"her2_ihc": "我的HER2是2+，FISH negative", "hormone_receptor": "ER positive，PR也是阳性"},
       "likely_eligible"),
    zh("zh: caregiver for a mother", {}, "likely_eligible", consent=("可以，我是替我妈妈问的",),
       relation="mother"),
    # ------------------------------------------------------------ not eligible
    zh("zh: HER2 zero", {"her2_ihc": "HER2是0"}, "not_eligible", ["INC-03A"], says=NOT_A_MATCH_ZH),
    zh("zh: HER2 (+++)", {"her2_ihc": "HER2（+++）"}, "not_eligible", ["INC-03A"]),
    zh("zh: HER2 2+ with FISH amplified", {"her2_ihc": "HER2 2+", "her2_ish": "FISH有扩增"}, "not_eligible",
       ["INC-03A"]),
    zh("zh: had Herceptin", {"anti_her2": "2019年打过赫赛汀"}, "not_eligible", ["EXC-19"]),
    zh("zh: had T-DM1 by its Chinese brand", {"anti_her2": "用过赫赛莱"}, "not_eligible", ["EXC-19"]),
    zh("zh: pyrotinib tablets", {"anti_her2": "吃过一年吡咯替尼"}, "not_eligible", ["EXC-19"]),
    zh("zh: Xeloda after it came back", {"chemo_metastatic": "复发以后吃过希罗达"}, "not_eligible",
       ["EXC-18"]),
    zh("zh: triple negative", {"hormone_receptor": "三阴性"}, "not_eligible", ["INC-04"]),
    zh("zh: early cancer that can be removed", {"disease_extent": "二期，可以手术切掉"}, "not_eligible",
       ["INC-03B"]),
    zh("zh: stable on the scans", {"progression": "一直很稳定，没有长大"}, "not_eligible", ["INC-05"]),
    zh("zh: aged 17", {"age": "17岁"}, "not_eligible", ["INC-02A"]),
    zh("zh: aged 76 in numerals", {"age": "七十六岁了"}, "not_eligible", ["INC-02A"]),
    zh("zh: in bed most of the day", {"daily_activity": "大部分时间都躺在床上，需要人照顾"}, "not_eligible",
       ["INC-02B"]),
    zh("zh: a blood clot last month", {"heart_lung": "上个月腿上有血栓"}, "not_eligible", ["EXC-07"]),
    zh("zh: on dialysis", {"other_conditions": "我在做透析"}, "not_eligible", ["EXC-12"]),
    # ------------------------------------------------------------ needs review
    zh("zh: HER2 not known", {"her2_ihc": "不知道HER2是多少"}, "needs_review", unknown=["INC-03A"],
       says=NEEDS_ZH),
    zh("zh: HER2 negative with no score", {"her2_ihc": "HER2阴性"}, "needs_review", unknown=["INC-03A"]),
    zh("zh: ISH never done", {"her2_ihc": "HER2 2+", "her2_ish": "没做过FISH"}, "needs_review",
       unknown=["INC-03A"]),
    zh("zh: not sure about Kadcyla", {"anti_her2": "不确定有没有用过赫赛莱"}, "needs_review",
       unknown=["EXC-19"]),
    zh("zh: chemo not remembered", {"chemo_metastatic": "记不清了"}, "needs_review", unknown=["EXC-18"]),
    zh("zh: receptors forgotten", {"hormone_receptor": "忘了"}, "needs_review", unknown=["INC-04"]),
    zh("zh: scan result not known", {"progression": "不清楚"}, "needs_review", unknown=["INC-05"]),
    zh("zh: heart and lungs not sure", {"heart_lung": "不太清楚"}, "needs_review",
       unknown=["EXC-05", "EXC-06", "EXC-07", "EXC-09"]),
    zh("zh: other illnesses not sure", {"other_conditions": "不确定"}, "needs_review",
       unknown=["EXC-04", "EXC-08", "EXC-11", "EXC-12", "EXC-13", "EXC-16"]),
    zh("zh: two unclear answers become not sure", {"progression": ["今天天气不错", "苹果香蕉"]}, "needs_review",
       unknown=["INC-05"]),
]  # fmt: skip

# Whoever misreads a case is named here (a strict xfail), as in free_text_all.py.
ZH_MISREAD: dict[str, str] = {}
