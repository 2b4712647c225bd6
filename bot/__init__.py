"""Everything that runs around Rasa: flows, settings, launcher, process helpers."""
