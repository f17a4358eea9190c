"""The list of benchmarks that ``python -m bench`` runs, in order.

To add one: write ``bench/<name>.py`` with a docstring and a ``run(options) -> list[Result]``
function (see ``bench.core``), import it here and add one line to ``BENCHMARKS``. The key is
the name ``--only`` takes.
"""

from __future__ import annotations

from bench import (
    audit_log,
    encryption,
    engagement,
    notices,
    partnership_pdf,
    printing,
    reports,
    startup,
    sync,
)
from bench.core import Benchmark

BENCHMARKS: dict[str, Benchmark] = {
    "startup": startup.run,
    "notices": notices.run,
    "engagement": engagement.run,
    # "list_paging": list_paging.run,
    "printing": printing.run,
    "sync": sync.run,
    "encryption": encryption.run,
    "audit_log": audit_log.run,
    "reports": reports.run,
    "partnership_pdf": partnership_pdf.run,
}
