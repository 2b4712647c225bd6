"""Jobs and tools that run beside the bot: the notifier, the retention purge, the NLU evaluation and its scores."""
