"""Whether work can go to a second core by forking this process.

A forked child starts with everything this process has loaded (a workspace of
tens of thousands of records) without copying or pickling it. Forking is used
on Linux only: macOS and Windows run the same work in line.
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def can_fork() -> bool:
    """True on Linux, where a child may be forked from this process."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def second_core() -> bool:
    """True when forking is possible and the machine has more than one core to run the child."""
    return can_fork() and len(os.sched_getaffinity(0)) > 1
