"""The action server: `rasa run actions`, with the readers of every language warmed first.

    python -m bot.startup.action_server --actions actions --port 5055

Rasa SDK's own entry point, after `understanding.warm.warm_up()`: jieba's dictionary,
OpenCC and the term finders are built before the server answers /health, so the first
Chinese patient does not wait for them (about 14 s on a loaded 2-core machine, well under
1 ms a reading after).
"""

from __future__ import annotations


def main(argv: list[str] | None = None) -> None:
    """Parse Rasa SDK's arguments, warm the readers, serve the actions."""
    import rasa_sdk.__main__ as sdk
    from rasa_sdk.endpoint import create_argument_parser

    from understanding.warm import warm_up

    args = create_argument_parser().parse_args(argv)
    warm_up()
    sdk.main_from_args(args)


if __name__ == "__main__":
    main()
