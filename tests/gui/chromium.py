"""Open a page in headless Chromium over the DevTools protocol (--remote-debugging-pipe).

Records every request the page attempts (Network.requestWillBeSent, which also fires for
requests a Content-Security-Policy then blocks), waits until the page says it rendered,
and takes a screenshot. Chromium's own background traffic (update checks, sign-in) is
not the page's and does not appear in the page's Network domain.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageVisit:
    requests: list[str] = field(default_factory=list)
    rendered: str | None = None
    screenshot: bytes = b""
    console: list[str] = field(default_factory=list)


class _Pipe:
    def __init__(self, proc: subprocess.Popen[bytes], write_fd: int, read_fd: int):
        self.proc, self.write_fd, self.read_fd = proc, write_fd, read_fd
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 20) -> dict[str, Any]:
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.write_fd, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._read_one(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def _read_one(self, deadline: float) -> dict[str, Any]:
        import select
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.read_fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("no reply from chromium")
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]


def _to_fds_3_and_4(read_end: int, write_end: int) -> None:
    """In the child: the command pipe on fd 3, the reply pipe on fd 4 (dup2 makes them inheritable)."""
    a, b = os.dup(read_end), os.dup(write_end)  # copies above 4, so the dup2s cannot clobber each other
    os.dup2(a, 3)
    os.dup2(b, 4)


def visit(url: str, *, wait_js: str, timeout: float = 30, window: tuple[int, int] = (1280, 900)) -> PageVisit:
    """Load url, wait until wait_js evaluates truthy, return requests, that value and a screenshot."""
    binary = chromium_binary()
    assert binary is not None
    profile = tempfile.mkdtemp(prefix="knooppunt-chromium-")
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()
    # Chromium reads commands from fd 3 and writes replies to fd 4.
    proc = subprocess.Popen(
        [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
         f"--window-size={window[0]},{window[1]}"],
        close_fds=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: _to_fds_3_and_4(to_chrome_r, from_chrome_w))
    os.close(to_chrome_r)
    os.close(from_chrome_w)
    pipe = _Pipe(proc, to_chrome_w, from_chrome_r)
    result = PageVisit()
    try:
        target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method in ("Network.enable", "Page.enable", "Runtime.enable"):
            pipe.send(method, session=session)
        pipe.send("Emulation.setDeviceMetricsOverride", {"width": window[0], "height": window[1],
                                                         "deviceScaleFactor": 1, "mobile": False}, session=session)
        pipe.send("Page.navigate", {"url": url}, session=session)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = pipe.send("Runtime.evaluate", {"expression": wait_js, "returnByValue": True},
                              session=session)["result"].get("value")
            if value:
                result.rendered = str(value)
                break
            time.sleep(0.2)
        time.sleep(0.3)
        shot = pipe.send("Page.captureScreenshot", {"format": "png"}, session=session)
        result.screenshot = base64.b64decode(shot["data"])
        for event in pipe.events:
            params = event.get("params", {})
            if event.get("method") == "Network.requestWillBeSent":
                result.requests.append(params["request"]["url"])
            elif event.get("method") == "Runtime.consoleAPICalled":
                result.console.append(" ".join(str(a.get("value", "")) for a in params.get("args", [])))
        with contextlib.suppress(TimeoutError, RuntimeError):
            pipe.send("Browser.close", timeout=5)
    finally:
        os.close(to_chrome_w)
        os.close(from_chrome_r)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return result


def outside_requests(urls: list[str]) -> list[str]:
    """Requests that would leave the page's own file: anything but file:, data: and about:."""
    return [u for u in urls if not u.startswith(("file:", "data:", "about:", "blob:"))]
