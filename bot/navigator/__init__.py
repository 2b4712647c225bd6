"""Navigator pages: log-in, the referral queue, screening summaries, the workflow, exports, charts, audit.

Served by the gateway under /navigator/ (`bot.navigator.app.navigator_routes`); accounts are made
with `python -m bot.navigator create-user <name>`.
"""
