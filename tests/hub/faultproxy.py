"""A fault-injecting HTTP/1.1 reverse proxy for loopback tests: sits between a station and the
real hub and, request by request, passes, answers 500, resets the connection, hangs past the
client's timeout, delays, loses the acknowledgement (forwards, lets the hub store, then drops
the answer) or cuts the request body half-way. Optionally signs each request as a station does
(for fuzzing the signed endpoints). One request per connection (`Connection: close`)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections import Counter
from collections.abc import Callable

ACTIONS = ("pass", "error500", "reset", "timeout", "slow", "lost_ack", "drop_mid")

Plan = Callable[[int, str, str], str]  # (request number, method, target) -> action
Signer = Callable[[str, str, bytes], dict[str, str]]  # (method, target, body) -> headers


def schedule(actions: list[str]) -> Plan:
    """Apply `actions` to the first requests in order, then pass everything."""
    return lambda n, _method, _target: actions[n] if n < len(actions) else "pass"


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        plan: Plan | None = None,
        signer: Signer | None = None,
        hang_s: float = 2.0,
        slow_s: float = 0.3,
    ) -> None:
        self.upstream_port = upstream_port
        self.plan = plan or (lambda *_: "pass")
        self.signer = signer
        self.hang_s = hang_s
        self.slow_s = slow_s
        self.applied: Counter[str] = Counter()
        self.port = 0
        self._count = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)
        self._server: asyncio.AbstractServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault proxy did not start")
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def begin() -> None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]

        self._loop.run_until_complete(begin())
        self._ready.set()
        self._loop.run_forever()

    @staticmethod
    def _reset(writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers = [tuple(line.split(":", 1)) for line in lines[1:] if ":" in line]
        length = next((int(v) for k, v in headers if k.strip().lower() == "content-length"), 0)
        body = await reader.readexactly(length) if length else b""

        number, self._count = self._count, self._count + 1
        action = self.plan(number, method, target)
        self.applied[action] += 1
        if action == "error500":
            writer.write(
                b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                b'Content-Length: 30\r\nConnection: close\r\n\r\n{"detail":"injected failure"}\n'
            )
            await writer.drain()
            writer.close()
            return
        if action == "reset":
            self._reset(writer)
            return
        if action == "timeout":
            await asyncio.sleep(self.hang_s)
            self._reset(writer)
            return
        if action == "slow":
            await asyncio.sleep(self.slow_s)

        keep = [(k, v) for k, v in headers if k.strip().lower() not in {"connection"}]
        if self.signer is not None:
            keep = [(k, v) for k, v in keep if not k.strip().lower().startswith("x-inspector-")]
            keep += [(k, " " + v) for k, v in self.signer(method, target, body).items()]
        request = (
            f"{method} {target} HTTP/1.1\r\n"
            + "".join(f"{k}:{v}\r\n" for k, v in keep)
            + "Connection: close\r\n\r\n"
        ).encode("latin-1")
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            self._reset(writer)  # hub down: the station sees a reset, as it would without us
            return
        if action == "drop_mid":
            up_writer.write(request + body[: len(body) // 2])
            await up_writer.drain()
            self._reset(up_writer)
            self._reset(writer)
            return
        up_writer.write(request + body)
        await up_writer.drain()
        try:
            response = await up_reader.read()
        except ConnectionError:
            response = b""
        up_writer.close()
        if action == "lost_ack" or not response:
            self._reset(writer)
            return
        writer.write(response)
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()
