"""Turn a patient's words into readings: canonical answers (or None), medical terms.

Pure Python over criteria/ and one data file of words per language; see README.md.
Import what you need from its modules (`understanding.interpret`, `understanding.reading`,
`understanding.terms.matcher`...): this file imports nothing, so a light user (the
navigator pages, for `understanding.explain`) does not load spaCy.
"""
