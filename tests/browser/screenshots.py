"""Screenshots of portal pages whose content sits in the app's cross-origin frame.

Chromium renders a cross-site (out-of-process) iframe only where it meets the viewport, so
`page.screenshot(full_page=True)` of a page taller than the viewport shows the frame's first
viewport and leaves the rest blank. The helper grows the viewport to the whole page first — the
frame re-fits itself (BX24.fitWindow) as it does, so it measures until the height stops changing.
"""
from __future__ import annotations

from pathlib import Path

PAGE_HEIGHT = "Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"
NEXT_PAINT = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
MAX_HEIGHT = 16_000  # chromium's own limit on a capture is about 16k px


def save_whole_page(page, path: Path, *, settle_rounds: int = 10) -> Path:
    """Screenshot the whole page, the app's frame included, into `path`; the viewport stays grown."""
    width = page.viewport_size["width"]
    for _ in range(settle_rounds):
        height = min(page.evaluate(PAGE_HEIGHT), MAX_HEIGHT)
        if height == page.viewport_size["height"]:
            break
        page.set_viewport_size({"width": width, "height": height})
        for frame in page.frames:  # a paint in the portal and in the frame, which may re-fit (and post it)
            frame.evaluate(NEXT_PAINT)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)
    return path
