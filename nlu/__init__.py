"""NLU components and training data (the model learns from the YAML here)."""
