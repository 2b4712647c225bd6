"""The Rasa tokenizer of the one model for English and Chinese messages.

Chinese is written without spaces, so the WhitespaceTokenizer would take a whole Chinese
sentence for one word. Here the text is cut into runs of Chinese characters, cut into
words by jieba, and the runs between them, cut as the WhitespaceTokenizer cuts them
(so English messages get exactly its tokens). Offsets are counted inside each run, never
searched for in the whole text (the trap of Rasa issue 7910: "HER2(1+)", "FISH 阴性",
"我用过herceptin" would get tokens at the wrong place).

Before cutting, each character is normalised on its own (full-width to half-width,
Traditional to Simplified; Chinese punctuation ends a word as a space does), so a
token's text is the normalised word and its offsets are those of the patient's own
characters.

jieba gets a user dictionary: the Chinese medicine names of criteria/data/medicines.yml
(and the `words` of the config), so "曲妥珠单抗" stays one word. Training stores them in
Rasa's model storage; a model keeps cutting as it was trained.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any, Dict, Iterable, List

import regex
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from criteria import load_lexicon
from understanding.normalise import simplified

WORDS_FILE = "jieba_words.json"
MAX_CHARS = 2000  # the gateway's MAX_MESSAGE_CHARS default
HAN_RUN = regex.compile(r"\p{Han}+")
HAN = regex.compile(r"\p{Han}")
# Chinese and full-width punctuation ("，" "。" "（"): a word ends there, as at a space
WIDE_PUNCTUATION = regex.compile(r"[\u3000-\u303f\uff00-\uffef&&\p{P}]", flags=regex.V1)


def chinese_medicine_names(entries: Iterable[Any] | None = None) -> list[str]:
    """Every name of the medicine lexicon written in Chinese characters, sorted."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if HAN.search(value):
                found.add(value.strip())
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(list(load_lexicon() if entries is None else entries))
    return sorted(found)


def normalise_in_place(text: str) -> str:
    """Full-width to half-width, Traditional to Simplified: same length, one character for one."""
    half = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else " " if c == "\u3000" else c for c in text)
    made = simplified(half)
    return made if len(made) == len(half) else half


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class BilingualTokenizer(WhitespaceTokenizer):
    """Chinese runs cut by jieba (medicine names kept whole), the rest as WhitespaceTokenizer."""

    @staticmethod
    def not_supported_languages() -> List[str] | None:
        """Both of ours are supported (the parent refuses zh)."""
        return None

    @staticmethod
    def required_packages() -> List[str]:
        """The packages: jieba cuts the words, OpenCC turns Traditional into Simplified."""
        return ["jieba", "opencc"]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """`words`: more words jieba must keep whole, besides the lexicon's Chinese names.

        `hmm`: let jieba guess words missing from its dictionary (its HMM). The guesses change
        with the neighbours: "入组" is one word in one message and "能入" + "组" in the next,
        "我能", "药是", "组打" are made words, so the same phrase gets other features.
        """
        return {**WhitespaceTokenizer.get_default_config(), "words": [], "hmm": True}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> str | None:
        """Retrain when the Chinese names of the lexicon change (data outside the graph)."""
        return hashlib.sha256(json.dumps(chinese_medicine_names()).encode()).hexdigest()

    def __init__(
        self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource, words: List[str]
    ) -> None:
        """Keep the storage for train(); jieba itself is made on first use (about 1 s)."""
        super().__init__(config)
        self._model_storage = model_storage
        self._resource = resource
        self.words = sorted(set(words) | set(config.get("words") or []))
        self._jieba: Any = None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BilingualTokenizer:
        """A tokenizer with today's lexicon (train() stores it)."""
        return cls(config, model_storage, resource, chinese_medicine_names())

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> BilingualTokenizer:
        """A tokenizer with the words stored at training (none if nothing was stored)."""
        try:
            with model_storage.read_from(resource) as directory:
                words = json.loads((directory / WORDS_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            words = []
        tokenizer = cls(config, model_storage, resource, words)
        tokenizer._cutter().lcut("乳腺癌")  # jieba's dictionary loads now, not at the first Chinese patient
        return tokenizer

    def train(self, training_data: TrainingData) -> Resource:
        """Store the user dictionary in the model."""
        with self._model_storage.write_to(self._resource) as directory:
            (directory / WORDS_FILE).write_text(json.dumps(self.words, ensure_ascii=False), encoding="utf-8")
        return self._resource

    def _cutter(self) -> Any:
        """A jieba tokenizer of our own (the global one belongs to understanding/)."""
        if self._jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)  # "Building prefix dict..." on every start
            cutter = jieba.Tokenizer()
            for word in self.words:
                cutter.add_word(word)
            self._jieba = cutter
        return self._jieba

    def _other_tokens(self, text: str, start: int, end: int) -> List[Token]:
        """The WhitespaceTokenizer's words of text[start:end], placed inside that run."""
        if start >= end or not text[start:end].strip():
            return []
        run = text[start:end]
        words = super().tokenize(Message({"text": run}), "text")
        if len(words) == 1 and words[0].text == run and not regex.search(r"\w", run):
            return []  # only punctuation or emoji between two Chinese runs
        return [Token(w.text, w.start + start, w.end + start) for w in words]

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        """Tokens of Chinese runs and of the text between them, each at its own offset.

        Only the first MAX_CHARS characters: the gateway refuses longer messages, and 100,000
        Chinese characters sent straight to Rasa (the fuzz suite) made 100,000 tokens, which the
        classifier could not take (16 s, then an error). The actions still read the whole text.
        """
        original = message.get(attribute)
        original = original[:MAX_CHARS] if original else original
        text = normalise_in_place(WIDE_PUNCTUATION.sub(" ", original)) if original else original
        tokens: List[Token] = []
        position = 0
        for run in HAN_RUN.finditer(text):
            tokens += self._other_tokens(text, position, run.start())
            for word, begin, finish in self._cutter().tokenize(run.group(), HMM=self._config.get("hmm", True)):
                tokens.append(Token(word, run.start() + begin, run.start() + finish))
            position = run.end()
        tokens += self._other_tokens(text, position, len(text))
        if not tokens:
            tokens = [Token(text, 0, len(text))]
        return self._apply_token_pattern(tokens)
