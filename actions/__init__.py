"""Rasa SDK custom actions: thin wrappers around `criteria` and the interpreter."""
