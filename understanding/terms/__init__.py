"""Medical terms in patient text: medicines, HER2, hormone receptors, age, red flags.

`matcher` and the modules it uses import no Rasa, so the action server can use them;
nlu/medical_terms_extractor.py wraps them as a Rasa graph component. Their words are
in understanding/languages/<code>.yml.

spaCy's thinc imports TensorFlow when it is installed (it is, for Rasa): 4 s and about
430 MB in a process that has not loaded it, like the action server. This package
imports spaCy first with TensorFlow hidden, unless TensorFlow is already loaded (the
Rasa server); thinc then runs without its TensorFlow layers, which a tokenizer and
matchers never use.
"""

import sys

if "tensorflow" not in sys.modules and "spacy" not in sys.modules:
    sys.modules["tensorflow"] = None  # type: ignore[assignment]  # "import tensorflow" raises ImportError
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["tensorflow"]
