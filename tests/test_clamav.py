"""A real virus scanner (issue 14, point 5; SECURITY 19): Debian's clamd, started here with a
signature database written here (no download), on a unix socket and on TCP. An infected
file is refused with a message in the person's language, a clean one passes, and a stopped
scanner refuses the upload and says to try again."""

from __future__ import annotations

import asyncio
import hashlib
import io
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from counter.services.documents import DocumentRejected, receive_upload
from counter.settings import get_settings
from counter.states.uploads import message

CLAMD = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/sbin")
SIGNATURE = "Counter.Test.Infected-1"


@pytest.fixture
def infected(pdf_page) -> bytes:
    """A valid PDF (it passes the product's own checks) that the test signature calls a
    virus."""
    return pdf_page("This file stands for a virus in the tests.")


@pytest.fixture
def clean(pdf_page) -> bytes:
    return pdf_page("Attestation de résidence")


@dataclass
class Clamd:
    process: subprocess.Popen
    socket_path: str
    tcp_address: str
    log: Path

    def logged(self, text: str, within: float = 10.0) -> bool:
        """Whether clamd's log says `text` (it writes its line after answering)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.log.exists() and text in self.log.read_text():
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _pong(socket_path: str) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(socket_path)
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture
def clamd(tmp_path_factory: pytest.TempPathFactory, infected: bytes) -> Iterator[Clamd]:
    """A clamd of its own: its config, its socket, its database (one hash signature)."""
    if CLAMD is None:
        pytest.skip("clamd is not installed: `make clamav` installs Debian's clamav-daemon "
                    "(apt-get install clamav-daemon clamav)")
    folder = tmp_path_factory.mktemp("clamd")
    database = folder / "db"
    database.mkdir()
    # An MD5 hash signature (.hdb: md5:size:name) of the one file it calls infected.
    (database / "counter-test.hdb").write_text(
        f"{hashlib.md5(infected).hexdigest()}:{len(infected)}:{SIGNATURE}\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    socket_path = str(folder / "clamd.sock")
    log = folder / "clamd.log"
    config = folder / "clamd.conf"
    config.write_text("\n".join([
        "Foreground yes",
        f"LocalSocket {socket_path}",
        "TCPSocket " + str(port),
        "TCPAddr 127.0.0.1",
        f"DatabaseDirectory {database}",
        f"LogFile {log}",
        f"PidFile {folder / 'clamd.pid'}",
        f"TemporaryDirectory {folder}",
        "Bytecode no",
        "StreamMaxLength 50M",
        "",
    ]))
    process = subprocess.Popen([CLAMD, "--config-file", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _pong(socket_path):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            detail = log.read_text() if log.exists() else process.stderr.read()
            pytest.fail(f"clamd did not start: {detail[-2000:]}")
        time.sleep(0.2)
    server = Clamd(process, socket_path, f"127.0.0.1:{port}", log)
    yield server
    if process.poll() is None:
        server.stop()


@pytest.fixture
def scanned(product_on, sqlite_url):
    """Receives an upload as the upload route does, with COUNTER_CLAMD set to `address`."""
    def receive(content: bytes, address: str):
        settings = product_on(sqlite_url, COUNTER_CLAMD=address)
        stream = io.BytesIO(content)

        async def read(size: int) -> bytes:
            return stream.read(size)

        return settings, asyncio.run(receive_upload(read, original_name="piece.pdf"))

    return receive


def stored_files(settings) -> list[Path]:
    root = settings.documents_dir
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("over", ["unix", "tcp"])
def test_security_19_a_real_clamd_passes_a_clean_file(clamd, scanned, clean, over):
    address = clamd.socket_path if over == "unix" else clamd.tcp_address
    settings, received = scanned(clean, address)
    assert received.scan_status == "clean"
    assert [path.name for path in stored_files(settings)] == [received.stored_name]


@pytest.mark.parametrize("over", ["unix", "tcp"])
def test_security_19_a_real_clamd_refuses_an_infected_file_in_the_persons_language(
        clamd, scanned, infected, over):
    address = clamd.socket_path if over == "unix" else clamd.tcp_address
    with pytest.raises(DocumentRejected) as caught:
        scanned(infected, address)
    assert caught.value.code == "error.file_infected"
    assert clamd.logged(SIGNATURE)  # clamd itself found it
    assert stored_files(get_settings()) == []
    assert message(caught.value.code, "fr").startswith("Un virus a été trouvé dans ce fichier")
    assert message(caught.value.code, "en").startswith("A virus was found in this file")
    assert message(caught.value.code, "ar").startswith("تم العثور على فيروس")


def test_security_19_a_stopped_clamd_refuses_the_upload_and_says_to_try_again(clamd, scanned,
                                                                              clean):
    clamd.stop()
    with pytest.raises(DocumentRejected) as caught:
        scanned(clean, clamd.socket_path)
    assert caught.value.code == "error.file_scan_failed"
    assert stored_files(get_settings()) == []
    assert "Réessayez dans quelques minutes" in message(caught.value.code, "fr")
    assert "Try again in a few minutes" in message(caught.value.code, "en")
    assert "أعيدوا المحاولة" in message(caught.value.code, "ar")
