"""mkdocs hooks: PySpark's own docstring formatting is not ours to fix.

The API reference shows the DataFrame methods a HandyFrame inherits, read from PySpark's source;
griffe's warnings about PySpark's docstrings (e.g. their indentation) are dropped, so that the
strict build still fails on any warning about our own pages and docstrings.
"""

from __future__ import annotations

import logging


class _NotPySpark(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "/pyspark/" not in record.getMessage()


def on_startup(**_: object) -> None:
    for name in ("griffe", "mkdocs.plugins.griffe", "mkdocs.plugins.mkdocstrings_handlers"):
        logging.getLogger(name).addFilter(_NotPySpark())
