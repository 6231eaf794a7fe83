"""``citekit annotate`` in a real browser: headless Chromium driven over the DevTools protocol.

Chromium is Debian's ``chromium`` (``.ci/run`` installs it when apt is available); the
protocol is spoken with ``websocket-client`` (the ``test`` extra).  Without either the
tests skip and say why.  Screenshots go to ``$CITEKIT_SCREENSHOTS`` (default: pytest's
tmp dir).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

import citekit
from citekit.annotate import annotate

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium") if p and os.path.exists(p)), None)

websocket = pytest.importorskip("websocket", reason="websocket-client is not installed (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium: `apt-get install -y chromium` (done by .ci/run when apt is available)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--mute-audio"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A headless Chromium with one page, driven over CDP (``send`` returns the result dict)."""

    def __init__(self, width: int = 1280, height: int = 900) -> None:
        self.profile = tempfile.mkdtemp(prefix="citekit-chromium-")
        port = _free_port()
        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", f"--remote-debugging-port={port}", f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        url = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                    pages = [t for t in json.load(r) if t.get("type") == "page"]
                if pages:
                    url = pages[0]["webSocketDebuggerUrl"]
                    break
            except OSError:
                pass
            time.sleep(0.2)
        if url is None:
            self.close()
            pytest.skip("chromium did not start its DevTools endpoint")
        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.n = 0
        self.events: list[dict] = []
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method: str, **params):
        self.n += 1
        my = self.n
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise AssertionError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def eval(self, expr: str):
        r = self.send("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise AssertionError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def load(self, url: str) -> float:
        """Navigate and wait for the load event; returns seconds taken."""
        t = time.monotonic()
        self.events.clear()
        self.send("Page.navigate", url=url)
        deadline = t + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise AssertionError("page did not load")
            self.events.append(json.loads(self.ws.recv()))
        return time.monotonic() - t

    def click(self, selector: str) -> None:
        """A real mouse click at the centre of the element's first line box."""
        box = self.eval(
            f"(()=>{{const e=document.querySelector({json.dumps(selector)});e.scrollIntoView({{block:'center'}});"
            "const r=e.getClientRects()[0];return [r.left+Math.min(r.width/2,8),r.top+r.height/2];})()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def key(self, key: str, code: str, vk: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=vk)

    def screenshot(self, path: Path, full: bool = False) -> None:
        r = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=full)
        path.write_bytes(base64.b64decode(r["data"]))

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = CORPUS / "000a.txt"
    if not path.exists():
        pytest.skip("corpus not available")
    ex = citekit.extract(path)
    out = tmp_path_factory.mktemp("annotate") / "000a.html"
    out.write_text(annotate(ex), encoding="utf-8")
    return ex, out


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    d = os.environ.get("CITEKIT_SCREENSHOTS")
    p = Path(d) if d else tmp_path_factory.mktemp("shots")
    p.mkdir(parents=True, exist_ok=True)
    return p


def test_report_in_chromium(report, shots):
    ex, out = report
    assert out.stat().st_size < 3_000_000
    b = Browser()
    try:
        secs = b.load(out.as_uri())
        assert secs < 2.0, f"load took {secs:.2f} s"
        n = b.eval("document.querySelectorAll('.cite[id^=c-]').length")
        assert n == len(ex.citations)
        # no network: nothing but the page itself was requested
        assert b.eval("performance.getEntriesByType('resource').length") == 0
        # click the first resolved full citation: its record and locator are shown
        i = next(k for k, c in enumerate(ex.citations) if c.form.value == "full" and c.resolved and c.refs[0].pages)
        ref = ex.citations[i].refs[0]
        title = ex.record(ref.record).csl["title"]
        b.click(f"#c-{i}")
        shown = b.eval("document.getElementById('detail').innerText")
        assert b.eval("document.getElementById('detail').getAttribute('data-shown')") == str(i)
        assert title.split()[0] in shown and ref.pages.split(",")[0] in shown, shown
        b.screenshot(shots / "annotate-000a-click.png")
        # an ibid: its panel links to the citation it resolved to; following the link shows that one
        j = next(k for k, c in enumerate(ex.citations) if c.form.value == "ibid" and c.refs and c.refs[0].antecedent is not None)
        target = ex.citations[j].refs[0].antecedent
        b.click(f"#c-{j}")
        assert b.eval("document.querySelector('#detail a.jump').getAttribute('href')") == f"#c-{target}"
        b.click("#detail a.jump")
        assert b.eval("document.activeElement.id") == f"c-{target}"
        assert b.eval("document.getElementById('detail').getAttribute('data-shown')") == str(target)
        assert b.eval("location.hash") == f"#c-{target}"
        b.screenshot(shots / "annotate-000a-ibid.png")
        # keyboard: Tab reaches a citation and focusing it shows its details
        b.eval("document.activeElement.blur(); document.getElementById('c-0').previousElementSibling; window.scrollTo(0,0)")
        b.eval("document.querySelector('.skip').focus()")
        for _ in range(3):
            b.key("Tab", "Tab", 9)
            if b.eval("document.activeElement.classList.contains('cite')"):
                break
        assert b.eval("document.activeElement.classList.contains('cite')")
        assert b.eval("document.getElementById('detail').getAttribute('data-shown')") == b.eval("document.activeElement.getAttribute('data-i')")
    finally:
        b.close()
    print(f"\n000a report: {out.stat().st_size} bytes, loaded in {secs:.2f} s; screenshots in {shots}")


def test_report_at_phone_width(report, shots):
    ex, out = report
    b = Browser(390, 844)
    try:
        b.send("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True)
        b.load(out.as_uri())
        assert b.eval("document.documentElement.scrollWidth <= window.innerWidth + 1")
        i = next(k for k, c in enumerate(ex.citations) if c.form.value == "abbrev")
        b.click(f"#c-{i}")
        # the details panel is a bottom sheet inside the viewport
        assert b.eval("(()=>{const r=document.getElementById('detail').getBoundingClientRect();return r.bottom<=innerHeight+1&&r.height>40})()")
        b.screenshot(shots / "annotate-000a-phone.png")
    finally:
        b.close()
