"""Navigator accounts from the command line.

    python -m bot.navigator create-user <name>    # asks for the password twice (not shown)
    python -m bot.navigator set-password <name>   # a new password; also lifts a lock-out

The password is read from the terminal without echo; when standard input is not a
terminal (a script, a test), its first line is the password. The store is DATABASE_URL
(or var/screening.db), as for every other process.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.navigator import audit
from bot.navigator.accounts import AccountError, create_navigator, set_password
from bot.startup.settings import load_settings
from bot.store.database import make_engine, migrate, transaction


def read_password() -> str:
    """The new password: typed twice without echo, or the first line of a non-terminal standard input."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 on success, 1 with a message on stderr otherwise."""
    parser = argparse.ArgumentParser(prog="python -m bot.navigator", description="Navigator accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("create-user", "create a navigator account"), ("set-password", "set a new password")):
        command = commands.add_parser(name, help=text)
        command.add_argument("username")
    args = parser.parse_args(argv)
    engine = make_engine(load_settings().store_url)
    try:
        migrate(engine)
        password = read_password()
        with transaction(engine) as session:
            if args.command == "create-user":
                navigator = create_navigator(session, username=args.username, password=password)
                action = audit.ACCOUNT_CREATED
            else:
                navigator = set_password(session, username=args.username, password=password)
                action = audit.PASSWORD_SET
            audit.record(session, actor="command line", action=action, subject=f"navigator:{navigator.username}")
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    done = "created" if args.command == "create-user" else "set a new password for"
    print(f"{done} navigator {args.username!r}; log in at /navigator/login")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
