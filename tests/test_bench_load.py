"""The load benchmark's CPU figures (bench/load.py): what an event costs, read from /proc."""

import os
import time

from bench.load import CpuMeter, _cpu_seconds, _tree


def _burn(seconds: float) -> None:
    until = time.process_time() + seconds
    while time.process_time() < until:
        sum(range(1000))


def test_the_cpu_of_a_process_is_read_from_proc():
    before = _cpu_seconds([os.getpid()])
    _burn(0.3)
    spent = _cpu_seconds([os.getpid()]) - before
    assert 0.2 <= spent <= 1.0
    assert _cpu_seconds([2**22 + 7]) == 0  # a process that is gone counts nothing


def test_cpu_per_event_divides_what_the_product_spent_by_the_events():
    meter = CpuMeter(os.getpid())  # this test stands for the product's processes
    assert os.getpid() in _tree(os.getpid())
    _burn(0.4)
    figures = meter.per_event(100)
    assert 2 <= figures["server_ms"] <= 10  # about 0.4 s over 100 events
    assert 2 <= figures["generator_ms"] <= 10  # the generator is this process too
    assert 0 < figures["machine_busy"] <= 1
