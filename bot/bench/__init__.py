"""`make bench`: our bot and a stock `rasa init` bot under the same load (see bot/bench/run.py)."""
