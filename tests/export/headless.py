"""Headless Chromium helpers for the HTML export tests and the README screenshot.

``find_chromium()`` returns the browser or ``None``; ``ensure_chromium()``
installs Debian's ``chromium`` with apt when running as root under CI
(``CI=true``), else returns ``None`` with a reason.  The browser runs with no
network use of its own and a throw-away profile.

Command line (used by ``make docs/html-view.png``)::

    python tests/export/headless.py screenshot PAGE.html OUT.png [WIDTH,HEIGHT]
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["find_chromium", "ensure_chromium", "ensure_graphviz", "apt_install", "dump_dom",
           "screenshot", "png_colours"]

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
    "--mute-audio", "--virtual-time-budget=8000",
)


def find_chromium() -> str | None:
    """Return the path of a Chromium/Chrome binary on ``PATH``, or ``None``."""
    env = os.environ.get("ARGMAP_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in _NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _ci_root() -> bool:
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    return ci and hasattr(os, "geteuid") and os.geteuid() == 0 and bool(shutil.which("apt-get"))


def apt_install(*packages: str) -> str:
    """Install Debian packages with apt-get; return an error message or ``""``."""
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update"],
                ["apt-get", "install", "-y", "--no-install-recommends", *packages]):
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1200,
                              stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            return f"{' '.join(cmd)} failed: {proc.stderr.strip()[-300:]}"
    return ""


def ensure_chromium() -> tuple[str | None, str]:
    """Return ``(binary, reason)``; install Debian chromium under CI as root."""
    found = find_chromium()
    if found:
        return found, ""
    if not _ci_root():
        return None, ("chromium is not installed; run `make browser` (apt-get install "
                      "chromium) or set CI=true as root to install it automatically")
    error = apt_install("chromium", "fonts-dejavu-core")
    if error:
        return None, error
    found = find_chromium()
    return found, "" if found else "apt-get installed chromium but no binary was found"


def ensure_graphviz() -> tuple[str | None, str]:
    """Return ``(dot binary, reason)``; install Debian graphviz under CI as root."""
    found = shutil.which("dot")
    if found:
        return found, ""
    if not _ci_root():
        return None, ("Graphviz 'dot' is not installed; run `make browser` or set CI=true "
                      "as root to install it automatically")
    error = apt_install("graphviz")
    return shutil.which("dot"), error or ""


def _run(binary: str, args: list[str], *, timeout: float = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="argmap-chromium-") as profile:
        cmd = [binary, *_FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)


def dump_dom(binary: str, page: Path) -> str:
    """Load ``page`` and return the DOM after its scripts ran."""
    proc = _run(binary, ["--dump-dom", Path(page).resolve().as_uri()])
    if proc.returncode != 0 or "<html" not in proc.stdout:
        raise RuntimeError(f"chromium failed ({proc.returncode}): {proc.stderr[-800:]}")
    return proc.stdout


def screenshot(binary: str, page: Path, out: Path, *, size: str = "1400,850") -> Path:
    """Save a PNG screenshot of ``page`` to ``out``."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    proc = _run(binary, [f"--window-size={size}", f"--screenshot={out}",
                         Path(page).resolve().as_uri()])
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium failed ({proc.returncode}): {proc.stderr[-800:]}")
    return out


def png_colours(path: Path, *, x_max: float = 1.0,
                y_min: float = 0.0) -> dict[tuple[int, int, int], int]:
    """Count the RGB colours of an 8-bit, non-interlaced PNG (as Chromium writes).

    Only pixels left of ``x_max`` and below ``y_min`` (fractions of the
    width and height) are counted.
    """
    import struct
    import zlib

    data = Path(path).read_bytes()
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or interlace or colour_type not in (2, 6):
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}")
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * bpp
    prev = bytearray(stride)
    counts: dict[tuple[int, int, int], int] = {}
    limit = int(width * x_max) * bpp
    for y in range(height):
        filt = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            if filt == 1:
                line[i] = (line[i] + left) & 255
            elif filt == 2:
                line[i] = (line[i] + up) & 255
            elif filt == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 255
            elif filt == 4:
                ul = prev[i - bpp] if i >= bpp else 0
                p = left + up - ul
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else ul)
                line[i] = (line[i] + pred) & 255
        if y < height * y_min:
            prev = line
            continue
        for i in range(0, limit, bpp):
            rgb = (line[i], line[i + 1], line[i + 2])
            counts[rgb] = counts.get(rgb, 0) + 1
        prev = line
    return counts


def main(argv: list[str]) -> int:
    if len(argv) not in (4, 5) or argv[1] != "screenshot":
        print(__doc__, file=sys.stderr)
        return 2
    binary, reason = ensure_chromium()
    if binary is None:
        print(reason, file=sys.stderr)
        return 1
    size = argv[4] if len(argv) == 5 else "1400,850"
    print(screenshot(binary, Path(argv[2]), Path(argv[3]), size=size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
