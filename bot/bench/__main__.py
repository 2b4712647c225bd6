"""`python -m bot.bench`: see bot/bench/run.py."""

from bot.bench.run import main

if __name__ == "__main__":
    raise SystemExit(main())
