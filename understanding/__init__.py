"""Turn a patient's free text or button press into a canonical answer, or None."""

from understanding.reading import Reading, interpret

__all__ = ["Reading", "interpret"]
