"""Run the `newsledger` CLI in this process, SIGKILLed (or paused) at one chosen point.

    python -m tests.flows.kill_points POINT[=ARGUMENT] NEWSLEDGER-ARGS...

For tests/flows/test_crash_safety.py. Each point patches one function of the product in this
process only, announces on stderr that it was reached, then kills the process the way a power
cut or the OOM killer would: no `finally`, no `atexit`, no flush. The product has no hook.
The points assume a new warehouse (its first manifest lists only the schema files).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sys
import time
from pathlib import Path


def die(point: str) -> None:
    print(f"kill_points: SIGKILL {point}", file=sys.stderr, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


def while_reading(_: str) -> None:
    """Die as the second input file is read: the first one's articles are planned."""
    from warehouse import inputs

    read, calls = inputs.read, itertools.count(1)

    def hooked(input_file):
        if next(calls) == 2:
            die("while_reading")
        return read(input_file)

    inputs.read = hooked


def during_nlp(_: str) -> None:
    """Die after spaCy parsed a few articles of the batch."""
    import flows.tasks

    extract, calls = flows.tasks.extract_article, itertools.count(1)

    def hooked(*args, **kwargs):
        if next(calls) == 5:
            die("during_nlp")
        return extract(*args, **kwargs)

    flows.tasks.extract_article = hooked


def while_writing_parts(_: str) -> None:
    """Die with two part files renamed into place and a third written under its temporary name
    (tables are written two side by side: the other thread's part may be in place, or still
    under its own temporary name)."""
    from warehouse.store import Store

    writing, calls = Store.writing, itertools.count(1)

    @contextlib.contextmanager
    def hooked(self, relative):
        with writing(self, relative) as handle:
            yield handle
            if "/part-" in relative and next(calls) == 3:
                handle.flush()
                die("while_writing_parts")

    Store.writing = hooked


def before_manifest_replace(_: str) -> None:
    """Die with the run's manifest written under its temporary name, just before the replace."""
    from warehouse.store import MANIFEST, Store

    write_atomic = Store.write_atomic

    def hooked(self, relative, payload):
        if relative == MANIFEST and b"/part-" in payload:
            os.replace = lambda *_: die("before_manifest_replace")
        return write_atomic(self, relative, payload)

    Store.write_atomic = hooked


def after_manifest_replace(_: str) -> None:
    """Die once the run's manifest is in place, before its catalog, built beside the checks
    into a temporary file (`warehouse.catalog.CatalogBuild`), is put in place."""
    import warehouse.catalog

    def hooked(self, manifest):
        self._built.result()  # the temporary catalog is whole
        die("after_manifest_replace")

    warehouse.catalog.CatalogBuild.install = hooked


def pause_extraction(folder: str) -> None:
    """Before the first article's extraction (the lock held): create FOLDER/paused, then wait
    until FOLDER/release exists."""
    import flows.tasks

    extract, calls = flows.tasks.extract_article, itertools.count(1)

    def hooked(*args, **kwargs):
        if next(calls) == 1:
            Path(folder, "paused").touch()
            deadline = time.monotonic() + 600
            while not Path(folder, "release").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        return extract(*args, **kwargs)

    flows.tasks.extract_article = hooked


POINTS = {
    hook.__name__: hook
    for hook in (
        while_reading,
        during_nlp,
        while_writing_parts,
        before_manifest_replace,
        after_manifest_replace,
        pause_extraction,
    )
}
KILL_POINTS = [name for name in POINTS if name != "pause_extraction"]


def main() -> None:
    point, args = sys.argv[1], sys.argv[2:]
    name, _, argument = point.partition("=")
    # As `newsledger` itself does before Prefect is imported (the hooks import it).
    from flows.runtime import apply_prefect_defaults

    apply_prefect_defaults()
    POINTS[name](argument)
    from flows.cli import app

    app(args, prog_name="newsledger")


if __name__ == "__main__":
    main()
