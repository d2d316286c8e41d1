"""Peak memory of a server process while it receives a 50 MB upload (SECURITY 15), and while
four tabs send an image bomb at once (SECURITY 33).

The server runs in a subprocess under granian, as in production, and receives the file the way
Reflex's buffered upload path does: Starlette's `request.form()` spools the part to a temporary
file, the part is wrapped in an `rx.UploadFile`, and the handler passes its `read` to
`receive_upload`. The client streams the multipart body from a generator, so neither side needs
the file in memory. The upload is a real 50 MB PDF (one page, one large image), so every check
runs: copy with SHA-256, type detection, pypdf in strict mode, active-content scan.

The figure is the growth of the worker's VmHWM (peak resident memory, /proc/<pid>/status) from
after a small warm-up upload to after the 50 MB upload. A naive handler that first does
`await upload.read()` is measured the same way, in its own process, for comparison.

    .venv/bin/python bench/upload_memory.py
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
IMAGE_WIDTH, IMAGE_HEIGHT = 4096, 4266  # 4096 x 4266 RGB pixels: 50 MB of image data
LIMIT_MB = 60
GOAL_MB = 20
# Four tabs sending an image at once (SECURITY 33): the worker's growth stays under the decode
# budget of counter.services.documents, plus this for the upload path itself.
IMAGE_TABS = 4
IMAGE_SLACK_MB = 40
BOUNDARY = "----counter-bench-boundary-7f3a9c"


# --- The server (imported by granian in the child process) ------------------------------------


def create_app() -> Any:
    """A minimal Starlette app receiving uploads like Reflex's buffered upload endpoint."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    from counter.services.documents import DocumentRejected, NoScanner, receive_upload
    from counter.settings import load_settings

    try:
        from reflex_components_core.core._upload import _upload_file_from_starlette as as_rx_file
    except ImportError:  # another Reflex layout: Starlette's UploadFile reads the same way

        def as_rx_file(file: Any) -> Any:
            return file

    settings = load_settings()
    naive = os.environ.get("BENCH_VARIANT") == "naive"
    if os.environ.get("BENCH_VARIANT") == "unbounded":  # no bound on decodes, for comparison
        from counter.services import documents

        documents.DECODES = documents.DecodeBudget(1_000, 1 << 40)

    async def upload(request: Request) -> JSONResponse:
        form = await request.form()  # what Reflex's _upload_buffered_file does
        results = []
        try:
            for part in form.getlist("files"):
                file = as_rx_file(part)
                read = file.read
                if naive:
                    content = memoryview(await file.read())
                    offset = 0

                    async def read(size: int = -1, content: memoryview = content) -> bytes:
                        nonlocal offset
                        chunk = bytes(content[offset : offset + size])
                        offset += len(chunk)
                        return chunk

                try:
                    received = await receive_upload(
                        read,
                        original_name=part.filename or "",
                        settings=settings,
                        scanner=NoScanner(),
                    )
                except DocumentRejected as error:
                    results.append({"refused": error.code})
                else:
                    results.append({"pages": received.pages, "size": received.size_bytes})
        finally:
            await form.close()
        return JSONResponse(results)

    async def pid(_request: Request) -> JSONResponse:
        return JSONResponse({"pid": os.getpid()})

    return Starlette(routes=[Route("/upload", upload, methods=["POST"]), Route("/pid", pid)])


# --- The upload: a valid PDF produced on the fly ----------------------------------------------


def pdf_pieces(image_bytes: int) -> list[bytes | int]:
    """A one-page PDF whose page shows one RGB image; an int stands for that many image bytes."""
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    bodies: list[list[bytes | int]] = [
        [b"<< /Type /Catalog /Pages 2 0 R >>"],
        [b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"],
        [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>"
        ],
        [
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n"
            % (IMAGE_WIDTH, IMAGE_HEIGHT, image_bytes),
            image_bytes,
            b"\nendstream",
        ],
        [b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)],
    ]
    pieces: list[bytes | int] = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
    offsets = []
    position = len(pieces[0])
    for number, body in enumerate(bodies, start=1):
        offsets.append(position)
        for piece in [b"%d 0 obj\n" % number, *body, b"\nendobj\n"]:
            pieces.append(piece)
            position += piece if isinstance(piece, int) else len(piece)
    xref = b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    xref += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    xref += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        position,
    )
    pieces.append(xref)
    return pieces


def multipart_pieces(filename: str, pdf: list[bytes | int],
                     content_type: str = "application/pdf") -> list[bytes | int]:
    head = (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="files"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return [head, *pdf, f"\r\n--{BOUNDARY}--\r\n".encode()]


def body_length(pieces: list[bytes | int]) -> int:
    return sum(piece if isinstance(piece, int) else len(piece) for piece in pieces)


def body_stream(pieces: list[bytes | int]) -> Iterator[bytes]:
    """The body, 1 MiB at a time: the client never holds the file either."""
    block = os.urandom(MB)
    for piece in pieces:
        if isinstance(piece, bytes):
            yield piece
            continue
        left = piece
        while left:
            yield block[: min(left, MB)]
            left -= min(left, MB)


# --- The image bomb: a real PNG, tiny on the wire, huge once decoded ---------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def black_png(width: int, height: int) -> bytes:
    """A valid PNG of width x height black RGB pixels: 7070 x 7070 (49.98 MP) is 146 KB."""
    row = b"\0" * (1 + 3 * width)  # filter byte, then the pixels
    packer = zlib.compressobj(9)
    rows_at_once = max(1, (4 * MB) // len(row))
    parts = [packer.compress(row * min(rows_at_once, height - done))
             for done in range(0, height, rows_at_once)]
    parts.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", b"".join(parts)) + _png_chunk(b"IEND", b""))


# --- The measurement --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")


def upload(client: Any, url: str, filename: str, image_bytes: int) -> list[dict[str, Any]]:
    pieces = multipart_pieces(filename, pdf_pieces(image_bytes))
    response = client.post(
        url,
        content=body_stream(pieces),
        headers={
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(body_length(pieces)),
        },
    )
    response.raise_for_status()
    return response.json()


@contextmanager
def bench_server(variant: str) -> Iterator[tuple[Any, str, int]]:
    """The upload server in its own granian process: (an httpx client, its URL, its pid)."""
    import httpx

    work = Path(tempfile.mkdtemp(prefix="counter-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "BENCH_VARIANT": variant,
        "COUNTER_DATA_DIR": str(work / "data"),
        "COUNTER_MAX_UPLOAD_MB": str(LIMIT_MB),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "TMPDIR": str(work),  # Starlette spools parts here
    }
    granian = Path(sys.executable).parent / "granian"
    server = subprocess.Popen(
        [
            str(granian),
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--no-access-log",
            "--log-level",
            "warning",
            "--working-dir",
            str(ROOT / "bench"),
            "--factory",
            "upload_memory:create_app",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(timeout=300) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    pid = client.get(f"{base}/pid").json()["pid"]
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("the bench server did not start") from None
                    time.sleep(0.2)
            upload(client, f"{base}/upload", "warm-up.pdf", 300 * 1024)
            yield client, base, pid
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def measure(variant: str, image_bytes: int) -> tuple[float, float, list[dict[str, Any]]]:
    with bench_server(variant) as (client, base, pid):
        before = peak_rss_mb(pid)
        results = upload(client, f"{base}/upload", "big.pdf", image_bytes)
        return before, peak_rss_mb(pid), results


def measure_parallel_images(png: bytes, tabs: int, variant: str = "streamed"
                            ) -> tuple[float, float, list[Any]]:
    """`tabs` uploads of the same PNG at once, as four tabs of one citizen sent it."""
    import httpx

    pieces = multipart_pieces("photo.png", [png], content_type="image/png")
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}

    with bench_server(variant) as (_client, base, pid):
        before = peak_rss_mb(pid)

        def send(_tab: int) -> Any:
            with httpx.Client(timeout=300) as own:
                response = own.post(f"{base}/upload", content=b"".join(pieces), headers=headers)
                response.raise_for_status()
                return response.json()[0]

        with ThreadPoolExecutor(max_workers=tabs) as pool:
            results = list(pool.map(send, range(tabs)))
        return before, peak_rss_mb(pid), results


def image_bombs() -> int:
    """Four tabs at once: the attack's 49.98 MP PNG, then the largest image allowed."""
    from counter.services.documents import DECODE_BUDGET_BYTES, MAX_IMAGE_PIXELS

    budget_mb = DECODE_BUDGET_BYTES / MB + IMAGE_SLACK_MB
    side = int(MAX_IMAGE_PIXELS**0.5)
    status = 0
    largest = black_png(side, side)
    for label, png, variant in (
        ("49.98 MP PNG (the attack)", black_png(7070, 7070), "streamed"),
        (f"{side} x {side} PNG (largest allowed)", largest, "streamed"),
        (f"{side} x {side} PNG, no decode bound", largest, "unbounded"),
    ):
        before, after, results = measure_parallel_images(png, IMAGE_TABS, variant)
        growth = after - before
        verdict = "PASS" if growth < budget_mb else "FAIL"
        if variant == "unbounded":
            verdict = "comparison only"
        else:
            status |= growth >= budget_mb
        outcome = sorted({result.get("refused", "accepted") for result in results})
        print(f"{IMAGE_TABS} x {label:<34} {len(png) / 1024:4.0f} KB  baseline {before:6.1f} MB  "
              f"peak {after:6.1f} MB  growth {growth:5.1f} MB  {verdict} "
              f"(budget < {budget_mb:.0f} MB)  {', '.join(outcome)}")
    return status


def main() -> int:
    image_bytes = IMAGE_WIDTH * IMAGE_HEIGHT * 3
    size_mb = body_length(pdf_pieces(image_bytes)) / MB
    print(f"Upload: one {size_mb:.1f} MB PDF, limit raised to {LIMIT_MB} MB, granian + Starlette")
    status = 0
    for variant, label in (
        ("streamed", "receive_upload(upload.read)"),
        ("naive", "await upload.read() first"),
    ):
        before, after, results = measure(variant, image_bytes)
        growth = after - before
        verdict = "PASS" if growth < GOAL_MB else "FAIL"
        if variant == "naive":
            verdict = "comparison only"
        elif growth >= GOAL_MB:
            status = 1
        print(
            f"{label:<30} baseline {before:6.1f} MB  peak {after:6.1f} MB  "
            f"growth {growth:5.1f} MB  {verdict} (goal < {GOAL_MB} MB)  result {results}"
        )
    return status | image_bombs()


if __name__ == "__main__":
    sys.exit(main())
