#!/usr/bin/env python3
"""A real SMTP server for the mail tests (tests/tests/reporting_mail.rs).

Usage: smtp_sink.py PORT DIRECTORY [--fail]

Listens on 127.0.0.1:PORT (plain SMTP, no authentication) and writes every message it
accepts to DIRECTORY/NNNN.json as
{"mail_from", "rcpt_tos", "from", "to", "subject", "body"} with the headers and the
plain-text body decoded (RFC 2047 subjects, quoted-printable or base64 bodies).
With --fail it answers every message with "451 temporary failure" and writes nothing.
Prints "ready" on stdout once it accepts connections; stops on SIGTERM or when stdin closes.
"""

import asyncio
import email
import email.policy
import itertools
import json
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, fail):
        self.directory = directory
        self.fail = fail
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        if self.fail:
            return "451 4.3.0 temporary failure (test sink)"
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "from": str(message["From"]),
            "to": str(message["To"]),
            "subject": str(message["Subject"]),
            "content_type": message.get_content_type(),
            "body": part.get_content() if part is not None else "",
        }
        number = next(self.counter)
        path = os.path.join(self.directory, "%04d.json" % number)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.replace(tmp, path)
        return "250 OK"


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    port = int(sys.argv[1])
    directory = sys.argv[2]
    fail = "--fail" in sys.argv[3:]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Sink(directory, fail), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)

    def finish(*_):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    try:
        # Stop when the parent closes our stdin (it died) or signals us.
        while sys.stdin.readline() != "":
            pass
    finally:
        controller.stop()

if __name__ == "__main__":
    main()
