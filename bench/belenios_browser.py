"""The voter's device side of an encrypted election (bench/meetings_ballots.py): how long
meetings/static/meetings/belenios-ballot.js takes to make one ballot in headless Chromium,
unthrottled, then with the CPU slowed 4x through the DevTools protocol
(`Emulation.setCPUThrottlingRate`), Chrome's own estimate of a mid-range phone.

The page and the module are served to the browser at http://localhost/ by Playwright's
request routing (no server; localhost is a secure context, so WebCrypto is there as on the
installation's HTTPS pages). Each ballot is timed in the page with `performance.now()`.
"""

from __future__ import annotations

import json
import shutil
import statistics
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "partydesk" / "meetings" / "static" / "meetings"
ORIGIN = "http://localhost"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PAGE = (
    "<!doctype html><title>bench</title><script type=module>"
    "import { generateBallot } from './belenios-ballot.js'; window.generateBallot = generateBallot;"
    "</script>"
)
TIMED = """async ([election, credential, kept, runs]) => {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await window.generateBallot(election, credential, [kept]);
    ms.push(performance.now() - t0);
  }
  return ms;
}"""


def timings(election: str, credential: str, kept: list[int], runs: int) -> dict[int, list[float]]:
    """Milliseconds per ballot in Chromium, by CPU throttling rate (1 and 4)."""
    from playwright.sync_api import Route, sync_playwright

    def serve(route: Route) -> None:
        name = route.request.url.removeprefix(f"{ORIGIN}/").split("?")[0]
        if name == "belenios-ballot.js":
            body, kind = (STATIC / name).read_text(), "text/javascript"
        else:
            body, kind = PAGE, "text/html"
        route.fulfill(status=200, body=body, content_type=kind)

    found: dict[int, list[float]] = {}
    with sync_playwright() as p:
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=ARGS)
        try:
            page = browser.new_page()
            page.route(f"{ORIGIN}/**", serve)
            page.goto(f"{ORIGIN}/")
            page.wait_for_function("typeof window.generateBallot === 'function'")
            devtools = page.context.new_cdp_session(page)
            for rate in (1, 4):
                devtools.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                page.evaluate(TIMED, [election, credential, kept, 1])  # warm-up
                ms = page.evaluate(TIMED, [election, credential, kept, runs])
                found[rate] = [float(m) for m in ms]
        finally:
            browser.close()
    return found


def summary(election: str, credential: str, kept: list[int], runs: int) -> str:
    """One line for the bench's report, or why there is none."""
    if shutil.which("chromium") is None:
        return "not measured: Chromium is not installed"
    try:
        found = timings(election, credential, kept, runs)
    except Exception as error:  # a browser that fails must not stop the suite
        return f"not measured: {json.dumps(str(error))[:200]}"
    one, four = found[1], found[4]
    return (
        f"belenios-ballot.js in headless Chromium, {sum(kept)} of {len(kept)} names kept, "
        f"{len(one)} ballots each way: p50 {statistics.median(one):.0f} ms (max {max(one):.0f}); "
        f"CPU throttled 4x (a mid-range phone, DevTools' estimate): p50 "
        f"{statistics.median(four):.0f} ms (max {max(four):.0f})"
    )
