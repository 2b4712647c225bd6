"""Everything that runs around Rasa, grouped by where it runs.

`startup/` starts the processes, `rasa_server/` runs inside the Rasa server, `jobs/` holds
the notifier, retention and NLU evaluation; `gateway/`, `telegram/` and `navigator/` are the
front ends, `store/` the database, `flows/` the dialogue rules, `bench/` the load bench, and
`rasa_client.py` the HTTP client of the Rasa server that the front ends share.
"""
