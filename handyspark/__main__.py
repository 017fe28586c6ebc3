"""``python -m handyspark profile INPUT --out report.html``: the ``handyspark`` command (:mod:`handyspark.cli`)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
