"""The answer headers that offer request codings and Pantau's zstd dictionaries to the PCs."""

from __future__ import annotations

from sync import compression
from sync.server.middleware import ASGIApp, Message, Receive, Scope, Send


class DictionaryOffer:
    """Tells every caller which request codings and zstd dictionaries this server decodes.

    `Accept-Encoding` in an answer names the codings a request may use (RFC 7694);
    `Pantau-Dictionaries` the ids of the dictionaries in `resources/zstd/`. A client
    switches to zstd only for a dictionary named here, so old servers keep getting gzip.
    """

    def __init__(self, app: ASGIApp, *, codings: str) -> None:
        self.app = app
        self.headers = [
            (b"accept-encoding", codings.encode("latin-1")),
            (compression.DICTIONARIES_HEADER.lower().encode(), compression.advertised().encode()),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def offer(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, offer)
