"""What runs inside the Rasa server process (named in endpoints.yml and credentials.yml).

The encrypted tracker store and its cache, tracker failures, the Redis lock store, the checked
REST channel, the response generator that says the most specific variant (language, caregiver),
log privacy and speed-ups (`python -m bot.rasa_server.speedups` starts Rasa).
"""
