"""The fault campaign of issue 21 (tools/fault_campaign.py), within its time budget: random kill -9
trials, a soak of many turns, full disks. Its figures are printed; any failure fails this test."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.timeout(600)
def test_the_fault_campaign_finds_nothing_lost_and_nothing_growing(home):
    done = subprocess.run([sys.executable, str(REPO / "tools" / "fault_campaign.py"), "--budget", "240"],
                          capture_output=True, text=True, timeout=580)
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "fault campaign: 0 failure(s)" in done.stdout
