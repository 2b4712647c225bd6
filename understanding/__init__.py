"""Turn a patient's words into readings: canonical answers (or None), medical terms.

Pure Python over criteria/ and one data file of words per language; see README.md.
"""

from understanding.interpret import interpret
from understanding.reading import Reading

__all__ = ["Reading", "interpret"]
