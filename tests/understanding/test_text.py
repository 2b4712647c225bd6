"""The text helpers work for any script: full-width forms, Chinese punctuation, no spaces."""

from __future__ import annotations

import dataclasses

from understanding.cues import Script, cues_for
from understanding.language import register_segmenter
from understanding.normalise import normalise
from understanding.text import find, has, not_in_language, says_only, word_count, words


def test_full_width_and_chinese_punctuation_become_ascii() -> None:
    assert normalise("ＨＥＲ２ ｉｓ ２＋") == "her2 is 2+"
    assert normalise("不，谢谢。好吗？是！注：（一）；") == "不,谢谢.好吗?是!注:(一);"
    assert normalise("I\u3000don\u2019t know") == "i don't know"


def test_english_is_normalised_as_before() -> None:
    assert normalise("HER-2 Non-amplified, I dont  know, can not say") == "her2 non amplified, i don't know, cannot say"


def test_phrases_in_a_script_without_spaces_match_inside_a_run() -> None:
    assert has("我不知道", ["不知道"])
    assert find("我her2阳性", ["her2", "阳性"]) == [(1, 5, "her2"), (5, 7, "阳性")]
    assert not has("known", ["no"]) and has("no, known", ["no"])


def test_words_come_from_the_segmenter_the_language_names() -> None:
    register_segmenter("test_chars", lambda text: list(text))
    cues = dataclasses.replace(cues_for("en"), script=Script(segmenter="test_chars", word="", letters=""))
    assert words("不知道", cues) == ["不", "知", "道"]
    assert word_count("不 知道", cues) == 3
    assert word_count("i do not know", cues_for("en")) == 4


def test_other_letters_are_another_language_only_where_the_file_says_which() -> None:
    assert not_in_language("no sé", "en")
    assert not not_in_language("no se", "en")


def test_says_only_reads_full_width_yes() -> None:
    cues = cues_for("en")
    assert says_only("ｙｅｓ！", cues, cues.yes)
    assert not says_only("yes 我", cues, cues.yes)


def test_every_word_list_the_trial_file_names_is_a_cue_list_of_every_language() -> None:
    """`named_by.words` in the trial file names cue lists (actions/other_answers.py reads them by name)."""
    from criteria import load_trial
    from understanding.language import languages

    named = {key for q in load_trial().questions for key in q.named_by.words}
    assert named, "no question is named by words: the check checks nothing"
    for language in languages():
        cues = cues_for(language)
        assert all(isinstance(getattr(cues, key, None), tuple) for key in named), language
