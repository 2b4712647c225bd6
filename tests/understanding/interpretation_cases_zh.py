"""Chinese answers and how the interpreter must read them (language "zh"), one table per reader.

As interpretation_cases.py: pytest.param(question_id, text, expected, id=...), where
`expected` is None (unclear: the bot asks again), an option value or an age, a dict of
values, or OneOf(...). These sentences are written for the tests and are kept apart from
the words of understanding/languages/zh.yml and the trial file: they are held out.
"""

from __future__ import annotations

from tests.understanding.interpretation_cases import NOT_SURE, UNCLEAR, OneOf, danger, ok

ANTI_HER2_ZH = [
    ok("anti_her2", "以前打过赫赛汀", "yes", id="zh-anti-herceptin"),
    # The no after the medicine (topic first, as Chinese says it): it was read as "yes", an exclusion.
    ok("anti_her2", "赫赛汀没用过", "no", id="zh-anti-topic-then-never"),
    ok("anti_her2", "赫赛汀从来没打过", "no", id="zh-anti-topic-then-never-had"),
    ok("anti_her2", "赫赛汀 没有", "no", id="zh-anti-topic-then-no"),
    ok("anti_her2", "希罗达吃过，赫赛汀没用过", "no", id="zh-anti-other-yes-herceptin-no"),
    ok("anti_her2", "赫赛汀用了没多久", None, id="zh-anti-no-that-is-no-never"),  # used it, not for long
    ok("anti_her2", "赫赛汀打过一年", "yes", id="zh-anti-topic-then-had"),
    ok("anti_her2", "hesaiting meiyong guo", "no", id="zh-anti-pinyin-never"),
    ok("anti_her2", "從來沒打過賀賽汀", "no", id="zh-anti-traditional-homophone-brand"),  # 贺 typed for 赫
    ok("anti_her2", "用过曲妥珠单抗和帕妥珠单抗", "yes", id="zh-anti-generic-names"),
    ok("anti_her2", "2021年打过优赫得", "yes", id="zh-anti-enhertu-year"),
    ok("anti_her2", "吃过吡咯替尼", "yes", id="zh-anti-pyrotinib"),
    ok("anti_her2", "打過赫賽汀", "yes", id="zh-anti-traditional"),
    ok("anti_her2", "hesaiting 打过", "yes", id="zh-anti-pinyin-brand"),
    ok("anti_her2", "我打过T-DM1", "yes", id="zh-anti-latin-code"),
    ok("anti_her2", "一直没用过靶向药", "no", id="zh-anti-never-targeted"),
    ok("anti_her2", "从来没有打过赫赛汀", "no", id="zh-anti-never-herceptin"),
    ok("anti_her2", "沒有", "no", id="zh-anti-traditional-no"),
    ok("anti_her2", "没有，从来没用过", "no", id="zh-anti-no-never"),
    ok("anti_her2", "只用过来曲唑", "no", id="zh-anti-only-letrozole"),
    ok("anti_her2", "医生说过要用帕捷特，但是我没用", "no", id="zh-anti-offered-then-not"),
    ok("anti_her2", "我姐姐打过赫赛汀", None, id="zh-anti-sister"),
    ok("anti_her2", "我婆婆用过曲妥珠单抗", None, id="zh-anti-mother-in-law"),
    ok("anti_her2", "医生推荐赫赛汀", None, id="zh-anti-recommended"),
    ok("anti_her2", "下个月准备打赫赛汀", None, id="zh-anti-next-month"),
    ok("anti_her2", "可能打过赫赛汀吧", NOT_SURE, id="zh-anti-maybe"),
    ok("anti_her2", "记不清了", NOT_SURE, id="zh-anti-cant-remember"),
    ok("anti_her2", "应该没打过", NOT_SURE, id="zh-anti-should-not"),
    ok("anti_her2", "赫赛汀是什么？", None, id="zh-anti-asks"),
    ok("anti_her2", "吃过卡培他滨", None, id="zh-anti-chemo-only-named"),
    ok("anti_her2", "👍👍", None, id="zh-anti-emoji"),
    ok("anti_her2", "有没有打过我也说不上来", UNCLEAR, id="zh-anti-cannot-say"),
    ok("anti_her2", "是不是赫赛汀？", None, id="zh-anti-is-it"),
    ok("anti_her2", "有没有", None, id="zh-anti-yes-or-no"),
    ok("anti_her2", "ＨＥＳＡＩＴＩＮＧ", "yes", id="zh-anti-full-width-pinyin"),
    # medicine names typed by sound (pinyin and voice input): were not found, the answer unread
    ok("anti_her2", "赫塞丁打满一年了", "yes", id="zh-anti-sound-herceptin"),  # 塞丁 for 赛汀
    ok("anti_her2", "赫塞丁没打过", "no", id="zh-anti-sound-herceptin-never"),
    ok("anti_her2", "我姐姐打过赫塞丁", None, id="zh-anti-sound-herceptin-sister"),
    ok("anti_her2", "来去唑吃了三年", None, id="zh-anti-sound-letrozole"),  # letrozole, not a HER2 medicine
    ok("anti_her2", "没有，只吃过派白西利和来去唑", "no", id="zh-anti-sound-only-other"),
]

HER2_IHC_ZH = [
    ok("her2_ihc", "病理写的HER2（1+）", "1+", id="zh-ihc-1plus-brackets"),
    ok("her2_ihc", "HER-2（+）", "1+", id="zh-ihc-one-sign"),
    ok("her2_ihc", "报告上是HER2（++）", "2+", id="zh-ihc-two-signs"),
    ok("her2_ihc", "她的HER2是（+）", "1+", id="zh-ihc-sign-after-a-link"),  # 是 between HER2 and the brackets
    ok("her2_ihc", "HER2检测结果：（+++）", "3+", id="zh-ihc-signs-after-result-colon"),
    ok("her2_ihc", "HER2（++），FISH未扩增", {"her2_ihc": "2+", "her2_ish": "negative"}, id="zh-ihc-2plus-fish-neg"),
    ok("her2_ihc", "HER2 2+，FISH检测有扩增", {"her2_ihc": "2+", "her2_ish": "positive"}, id="zh-ihc-2plus-fish-pos"),
    ok("her2_ihc", "HER2(+++)", "3+", id="zh-ihc-three-signs"),
    ok("her2_ihc", "HER2（3+）阳性", "3+", id="zh-ihc-3plus-positive"),
    ok("her2_ihc", "HER2（-）", "0", id="zh-ihc-minus"),
    ok("her2_ihc", "免疫组化HER2评分0", "0", id="zh-ihc-score-zero"),
    ok("her2_ihc", "ＨＥＲ２　１＋", "1+", id="zh-ihc-full-width"),
    ok("her2_ihc", "医生说是HER2低表达", "low", id="zh-ihc-low"),
    ok("her2_ihc", "her2阳性", "positive", id="zh-ihc-positive"),
    ok("her2_ihc", "报告写着HER2阴性", "negative", id="zh-ihc-negative-no-score"),
    ok("her2_ihc", "ER 90%+ PR 20% HER2 1+ Ki67 30%", "1+", id="zh-ihc-report-line"),
    ok(
        "her2_ihc",
        "ER（+，90%），PR（-），HER2（2+），FISH阴性",
        {"her2_ihc": "2+", "her2_ish": "negative"},
        id="zh-ihc-whole-line",
    ),
    ok("her2_ihc", "好像是1+", NOT_SURE, id="zh-ihc-seems"),
    ok("her2_ihc", "不是阳性", None, id="zh-ihc-not-positive"),
    ok("her2_ihc", "1+到2+之间", None, id="zh-ihc-range"),
    ok("her2_ihc", "我妈妈是HER2 3+", None, id="zh-ihc-mother"),
    # C-erbB-2, the gene's other name, as many Chinese reports print it
    ok("her2_ihc", "病理报告上写的C-erbB-2(+)", "1+", id="zh-ihc-c-erbb-2-one-sign"),
    ok("her2_ihc", "c-erbB2 (3+)", "3+", id="zh-ihc-c-erbb2-score"),
    ok("her2_ihc", "我的HER-2（+）", "1+", id="zh-ihc-hyphen-after-chinese"),  # "我的" touched "HER-2": not rewritten
    ok("her2_ihc", "HER-2：0", "0", id="zh-ihc-full-width-colon-zero"),
    # the plus signs counted in words
    ok("her2_ihc", "就一个加号", "1+", id="zh-ihc-one-plus-sign-said"),
    ok("her2_ihc", "HER2是两个加", "2+", id="zh-ihc-two-pluses-said"),
    ok("her2_ihc", "俩加号", "2+", id="zh-ihc-two-pluses-colloquial"),
    ok("her2_ihc", "报告上三个加号", "3+", id="zh-ihc-three-pluses-said"),
    ok("her2_ihc", "一个加号都没有", None, id="zh-ihc-not-even-one-plus"),  # a negation: not 1+
    ok("her2_ihc", "打了两个加强针", None, id="zh-ihc-booster-shots"),  # 加强 is no plus sign
    ok("her2_ihc", "2加班", None, id="zh-ihc-digit-then-other-word"),  # was 2+
    ok("her2_ihc", "两个加号还是三个加号", None, id="zh-ihc-two-counts"),
    # ultralow is a kind of IHC 0, never HER2-low
    danger("her2_ihc", "病理上说HER2超低表达", "0", id="zh-ihc-ultralow", reads="low (低表达 inside 超低表达)"),
    # the gene's amplification said without the test's name
    ok(
        "her2_ihc",
        "HER2两个加，基因无扩增",
        {"her2_ihc": "2+", "her2_ish": "negative"},
        id="zh-ihc-2plus-gene-not-ampl",
    ),
    ok(
        "her2_ihc",
        "HER2（++），HER2基因未见明显扩增",
        {"her2_ihc": "2+", "her2_ish": "negative"},
        id="zh-ihc-2plus-no-clear-ampl",
    ),
    ok("her2_ihc", "HER2低表达是什么意思", None, id="zh-ihc-asks-what-low-is"),  # a question about the term
]

HER2_ISH_ZH = [
    ok("her2_ish", "FISH 阴性", "negative", id="zh-ish-negative"),
    ok("her2_ish", "fish结果没有扩增", "negative", id="zh-ish-no-amplification"),
    ok("her2_ish", "荧光原位杂交显示扩增", "positive", id="zh-ish-amplified"),
    ok("her2_ish", "HER2(2+), FISH 阳性", "positive", id="zh-ish-in-line"),
    ok("her2_ish", "FISH好像是阴性", NOT_SURE, id="zh-ish-seems"),
    ok("her2_ish", "ER阳性", None, id="zh-ish-receptor-only"),
    ok("her2_ish", "原位杂交（FISH）：HER2基因未扩增", "negative", id="zh-ish-report-wording"),
    ok("her2_ish", "FISH检测阴性", "negative", id="zh-ish-test-negative"),
    ok("her2_ish", "基因无扩增", "negative", id="zh-ish-gene-not-amplified"),
    ok("her2_ish", "HER2基因有扩增", "positive", id="zh-ish-gene-amplified"),
    ok("her2_ish", "FISH做了，未见明显扩增", "negative", id="zh-ish-no-clear-amplification"),
]

HORMONE_ZH = [
    ok("hormone_receptor", "ER（+，80%），PR（-）", "positive", id="zh-hr-report"),
    ok("hormone_receptor", "激素受体阳性", "positive", id="zh-hr-hormone-positive"),
    ok("hormone_receptor", "雌激素受体强阳性", "positive", id="zh-hr-er-strong"),
    ok("hormone_receptor", "ER 90%+", "positive", id="zh-hr-percent-plus"),
    ok("hormone_receptor", "ER阴性，PR也是阴性", "negative", id="zh-hr-both-negative"),
    ok("hormone_receptor", "三阴性乳腺癌", "negative", id="zh-hr-triple-negative"),
    ok("hormone_receptor", "雌激素受體陽性", "positive", id="zh-hr-traditional"),
    ok("hormone_receptor", "ER阴性", None, id="zh-hr-er-only-negative"),
    ok("hormone_receptor", "不太记得了", NOT_SURE, id="zh-hr-unsure"),
    ok("hormone_receptor", "我姐姐是激素受体阳性", None, id="zh-hr-sister"),
]

CHEMO_ZH = [
    ok("chemo_metastatic", "骨转移以后打了紫杉醇", "metastatic", id="zh-chemo-after-bone-mets"),
    ok("chemo_metastatic", "转移后化疗没做过", "no", id="zh-chemo-topic-then-never"),  # was "metastatic"
    ok("chemo_metastatic", "复发后吃了卡培他滨", "metastatic", id="zh-chemo-after-recurrence"),
    ok("chemo_metastatic", "复发后一直吃内分泌药，没化疗过", "no", id="zh-chemo-endocrine-only"),
    ok("chemo_metastatic", "没有", "no", id="zh-chemo-no"),
    ok("chemo_metastatic", "医生说下个月开始化疗", None, id="zh-chemo-planned"),
    ok("chemo_metastatic", "做过化疗", None, id="zh-chemo-when-unsaid"),
    ok("chemo_metastatic", "复发之前化疗过，后来没有", "early_only", id="zh-chemo-before-recurrence"),
    ok("chemo_metastatic", "我妈妈转移后化疗了", None, id="zh-chemo-mother"),
    ok("chemo_metastatic", "不清楚", NOT_SURE, id="zh-chemo-unsure"),
    # medicine names typed by sound
    ok("chemo_metastatic", "转移后吃西罗达", "metastatic", id="zh-chemo-sound-xeloda-after-mets"),  # 西 for 希
    ok("chemo_metastatic", "只吃过来去唑", "no", id="zh-chemo-sound-only-letrozole"),
    # a yes verb with what was had after it: about that, not chemo (these were read as chemo after spread)
    ok("chemo_metastatic", "复发后吃了他莫昔芬", None, id="zh-chemo-yes-verb-endocrine"),
    ok("chemo_metastatic", "骨转移以后吃了来曲唑", None, id="zh-chemo-yes-verb-letrozole"),
    ok("chemo_metastatic", "复发后吃了东西", None, id="zh-chemo-yes-verb-something-else"),
    ok("chemo_metastatic", "转移后用了内分泌治疗", None, id="zh-chemo-yes-verb-endocrine-therapy"),
    ok("chemo_metastatic", "复发后做过", "metastatic", id="zh-chemo-plain-yes-after-recurrence"),
    ok("chemo_metastatic", "有，转移以后做过几次", "metastatic", id="zh-chemo-yes-after-mets-times"),
    # a medicine not named: may be hormone pills, so asked again (was read as chemo after spread)
    ok("chemo_metastatic", "复发后吃了药", None, id="zh-chemo-unnamed-medicine-after-recurrence"),
    ok("chemo_metastatic", "转移以后用过药", None, id="zh-chemo-unnamed-medicine-after-mets"),
    ok("chemo_metastatic", "复发后用过化疗药", "metastatic", id="zh-chemo-chemo-medicine-after-recurrence"),
    # a choice asked back is a question, not an answer (was read 'positive' at the ISH question)
    ok("her2_ish", "两个加号是低表达还是阳性啊", None, id="zh-ish-choice-asked"),
    ok("her2_ihc", "是1+还是2+呢", None, id="zh-ihc-choice-asked"),
    ok("her2_ish", "复查还是阳性", "positive", id="zh-ish-still-positive"),
]

AGE_ZH = [
    ok("age", "我今年54岁", 54, id="zh-age-digits"),
    ok("age", "五十四岁", 54, id="zh-age-numerals"),
    ok("age", "她2+", None, id="zh-age-plus-is-a-score"),  # "2+" is a HER2 score, never an age of 2
    ok("age", "六十", 60, id="zh-age-bare-numerals"),
    ok("age", "七十五岁了", 75, id="zh-age-75"),
    ok("age", "４８岁", 48, id="zh-age-full-width"),
    ok("age", "63", 63, id="zh-age-bare-digits"),
    ok("age", "1972年出生", OneOf(53, 54), id="zh-age-birth-year"),
    ok("age", "我是68年的", OneOf(57, 58), id="zh-age-two-digit-year"),
    ok("age", "今年五十四歲", 54, id="zh-age-traditional"),
    ok("age", "我妈妈七十岁", None, id="zh-age-mother"),
    ok("age", "我有两个孩子", None, id="zh-age-children"),
    # the nominal age (虚岁) is one or two more than the age: taken only when both agree on 18 to 75
    ok("age", "虚岁60", OneOf(58, 59), id="zh-age-nominal"),
    ok("age", "虚岁76", OneOf(74, 75), id="zh-age-nominal-76-is-75-at-most"),  # was read 76: too old
    ok("age", "虚岁77", None, id="zh-age-nominal-75-or-76-unclear"),
    ok("age", "虚岁五十九 周岁五十八", 58, id="zh-age-real-age-wins"),  # was read 59
    ok("age", "周岁58", 58, id="zh-age-real-age-first"),
    ok("age", "俺69了", 69, id="zh-age-dialect-i"),
    ok("age", "年龄：４５", 45, id="zh-age-form-line"),  # the colon of a form line
    ok("age", "体重54公斤", None, id="zh-age-weight"),
    ok("age", "快十八岁了", None, id="zh-age-not-yet"),
    ok("age", "2020年确诊的", None, id="zh-age-diagnosis-year"),
    ok("age", "不记得了", NOT_SURE, id="zh-age-unsure"),
    ok("age", "我67", 67, id="zh-age-after-i"),  # a number alone but for 我 before it
    ok("age", "67了", 67, id="zh-age-with-le"),
    ok("age", "本人六十三", 63, id="zh-age-benren-numerals"),
    ok("age", "我一直没问", None, id="zh-age-yizhi-is-no-one"),
]

# "Any of these?" and questions asked back: Chinese asks at the end ("赫赛莱是什么").
GROUP_ZH = [
    ok("allergies", "没有过敏", "none", id="zh-group-no-allergy"),  # 没有 过敏, not 没有过 敏
    ok("allergies", "没有什么过敏的", "none", id="zh-group-no-allergy-chatty"),
    ok("allergies", "我对紫杉醇过敏", "study_drug_allergy", id="zh-group-paclitaxel-allergy"),
    ok("heart_lung", "都没有这些毛病", "none", id="zh-group-none-of-these"),
    ok("anti_her2", "赫赛莱是什么", None, id="zh-asks-what-kadcyla-is"),
    ok("anti_her2", "吡咯替尼是啥药", None, id="zh-asks-what-pyrotinib-is"),
    ok("anti_her2", "打过赫赛汀算吗", None, id="zh-asks-if-herceptin-counts"),
]

CASES_ZH = ANTI_HER2_ZH + HER2_IHC_ZH + HER2_ISH_ZH + HORMONE_ZH + CHEMO_ZH + AGE_ZH + GROUP_ZH

# Input that is no answer in Chinese: each must be None (or not sure) on every question.
LONG_MESSAGE = "我想问一下这个研究的情况，" * 160  # 2,080 characters, no answer in it
BAD_INPUTS_ZH = [
    ("😀😀😀", "emoji"),
    ("wo bu zhi dao", "pinyin-sentence"),
    (LONG_MESSAGE, "2000-characters"),
    ("你好", "hello"),
    ("谢谢", "thanks"),
    ("HER2 是什么意思？", "asks-what-her2-is"),
    ("asdf 我 😀 ру", "three-scripts"),
    ("。。。", "full-width-dots"),
]
