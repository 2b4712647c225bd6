"""NLU training data and the custom spaCy components of the screening bot."""
