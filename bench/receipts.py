"""Time to render a filing receipt (goal: 50 ms at most per receipt).

Renders 200 receipts in one process, as a server worker would: languages in turn (fr, ar, en),
0 to 10 documents, every receipt with its own tracking code, PIN, applicant, file names and
hashes (so no cache sees the same user text twice). The first receipt, which loads the fonts,
is timed apart. Prints the median and 90th percentile in milliseconds (wall clock, and CPU time
of the process, steadier on a busy machine), PASS or FAIL against the goal on the wall-clock
p90, and the size of the PDFs.

    .venv/bin/python bench/receipts.py [count]
"""

from __future__ import annotations

import hashlib
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from counter.services.receipts import ReceiptData

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 50.0
LANGS = ("fr", "ar", "en")
LABELS = {
    "fr": (
        "Copie de la CIN, recto et verso",
        "Demande signée",
        "Attestation de résidence",
        "Statuts de l'association",
        "Procès-verbal de l'assemblée générale",
    ),
    "ar": (
        "نسخة من البطاقة الوطنية للتعريف",
        "الطلب موقعا",
        "شهادة السكنى",
        "القانون الأساسي للجمعية",
        "محضر الجمع العام",
    ),
    "en": (
        "Copy of the national ID card",
        "Signed request",
        "Proof of residence",
        "Articles of association",
        "Minutes of the general meeting",
    ),
}
NAMES = ("Fatima-Zahra Benali", "محمد أمين العلوي", "Youssef Ait Brahim", "خديجة أوعلي")
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = share * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def make_receipts(count: int) -> list[ReceiptData]:
    from counter.services.receipts import ReceiptData

    rnd = random.Random(5519)
    receipts = []
    for index in range(count):
        lang = LANGS[index % len(LANGS)]
        code = "-".join("".join(rnd.choice(ALPHABET) for _ in range(4)) for _ in range(2))
        pin = f"{rnd.randrange(10**6):06d}"
        documents = tuple(
            (
                LABELS[lang][n % len(LABELS[lang])],
                f"scan_{index:03d}_{n:02d}_{rnd.randrange(10**6)}.pdf",
                hashlib.sha256(f"{index}-{n}".encode()).hexdigest(),
            )
            for n in range(index % 11)
        )
        receipts.append(
            ReceiptData(
                lang=lang,
                region_name={"fr": "Drâa-Tafilalet", "ar": "درعة تافيلالت", "en": "Draa-Tafilalet"},
                service_name={
                    "fr": "Service des partenariats et de la coopération",
                    "ar": "مصلحة الشراكات والتعاون",
                    "en": "Partnerships and Cooperation Service",
                },
                procedure_name={
                    "fr": "Demande de subvention pour une association",
                    "ar": "طلب منحة لفائدة جمعية",
                    "en": "Association grant application",
                },
                procedure_code="ASSOC_GRANT",
                tracking_code=code,
                pin=pin,
                applicant_name=f"{NAMES[index % len(NAMES)]} {index}",
                channel="assisted" if index % 4 == 0 else "online",
                submitted_at=datetime(2026, 4, 20, 9, 0, tzinfo=UTC) + timedelta(minutes=index),
                legal_deadline_days=60,
                expected_decision_on=date(2026, 6, 19),
                documents=documents,
                tracking_url=f"https://guichet.draa-tafilalet.example.ma/track?code={code}#pin={pin}",
            )
        )
    return receipts


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from counter.services.receipts import render_receipt

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    receipts = make_receipts(count + 1)

    started = time.perf_counter()
    render_receipt(receipts[0])
    first_ms = (time.perf_counter() - started) * 1000

    wall: list[float] = []
    cpu: list[float] = []
    sizes: list[int] = []
    for data in receipts[1:]:
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        pdf = render_receipt(data)
        cpu.append((time.process_time() - cpu_start) * 1000)
        wall.append((time.perf_counter() - wall_start) * 1000)
        sizes.append(len(pdf))

    p90 = percentile(wall, 0.9)
    verdict = "PASS" if p90 <= GOAL_MS else "FAIL"
    print(f"receipts rendered: {count} (fr/ar/en in turn, 0-10 documents)")
    print(f"first receipt (loads the fonts): {first_ms:.1f} ms")
    print(
        f"wall ms per receipt: median {statistics.median(wall):.1f}  p90 {p90:.1f}  "
        f"max {max(wall):.1f}"
    )
    print(
        f"cpu ms per receipt:  median {statistics.median(cpu):.1f}  p90 {percentile(cpu, 0.9):.1f}"
    )
    print(
        f"PDF size: median {statistics.median(sizes) / 1024:.0f} KB  max {max(sizes) / 1024:.0f} KB"
    )
    print(f"goal p90 <= {GOAL_MS:.0f} ms: {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
