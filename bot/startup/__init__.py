"""Process start-up: settings, the launcher and its child processes, the cluster, shutdown.

`settings` reads the environment; `launcher` (`python -m bot.startup.launcher`) starts everything
through `processes`; `cluster` and `replicas` run and route to several Rasa servers; `shutdown`
is the stop flag the long-running loops share.
"""
