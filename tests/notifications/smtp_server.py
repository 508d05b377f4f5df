"""A real mail server for the tests, run as its own process: aiosmtpd on loopback, writing each mail it
accepts to a folder as `<n>.json` (envelope, TLS, login) and `<n>.eml` (the message as received).

    python -m tests.notifications.smtp_server --port 2525 --folder /tmp/mail \
        [--cert cert.pem --key key.pem] [--user u --password p] [--delay 0.5]

With a certificate it offers STARTTLS and requires it; with a user it requires AUTH (after STARTTLS).
Recipients whose address starts with `refused` are refused with 550, as an unknown mailbox is.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import signal
import ssl
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Mailbox:
    def __init__(self, folder: Path, delay: float) -> None:
        self.folder, self.delay = folder, delay
        self.numbers = itertools.count(1)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if address.startswith("refused"):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        number = next(self.numbers)
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "tls": session.ssl is not None,
                "login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None}
        for name, data in ((f"{number}.eml", envelope.original_content), (f"{number}.json", json.dumps(meta).encode())):
            partial = self.folder / f".{name}"
            partial.write_bytes(data)
            os.replace(partial, self.folder / name)  # a reader never sees half a file
        return "250 Message accepted"


def authenticator(user: str, password: str) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            user.encode(), password.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    return check


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password", default="")
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        options.update(tls_context=context, require_starttls=True)
    if args.user:
        options.update(authenticator=authenticator(args.user, args.password), auth_required=True,
                       auth_require_tls=bool(args.cert))
    controller = Controller(Mailbox(args.folder, args.delay), hostname="127.0.0.1", port=args.port,
                            ready_timeout=10, **options)
    stop = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop)  # before the server's thread starts: it inherits the mask
    controller.start()
    print("ready", flush=True)
    signal.sigwait(stop)
    controller.stop()


if __name__ == "__main__":
    main()
