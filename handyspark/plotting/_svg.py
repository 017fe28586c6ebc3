"""A matplotlib figure as the ``<svg>`` element of an HTML page (the report's figures)."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["to_svg"]

_TAG = re.compile(r"<[^>]*>")


def to_svg(fig: Figure, prefix: str = "f") -> str:
    """The ``<svg>`` element of ``fig`` for an HTML page, then ``fig`` is cleared (its artists released).

    Text stays text (``svg.fonttype`` none, drawn in the page's sans-serif font); no XML prolog, namespaces or
    metadata (HTML needs none: nothing in it names a URL); every id starts with ``prefix`` so that several
    figures share a page; the same figure gives the same text.

    Examples
    --------
    >>> from handyspark.plotting.profile import missing_figure
    >>> svg = to_svg(missing_figure(hdf.profile(["Age"])), prefix="m-")
    >>> svg.startswith("<svg ") and svg.endswith("</svg>") and "http" not in svg
    True
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # render with Agg (svg output switches to the SVG canvas only while saving)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "handyspark-profile"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    fig.clear()
    text = buffer.getvalue()
    text = text[text.index("<svg"):].strip()
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text, count=2)  # only the root element declares them
    seen: dict[str, int] = {}
    return _TAG.sub(lambda tag: _prefix_ids(tag.group(0), prefix, seen), text)


def _prefix_ids(tag: str, prefix: str, seen: dict[str, int]) -> str:
    """``tag`` with its id and its references to ids (``url(#…)``, ``href="#…"``) prefixed; an id ``seen``
    before (matplotlib names an image by its pixels) gets a number. Only tags are rewritten: attribute values
    and text are escaped by matplotlib, so text cannot look like a tag."""

    def rename(match: re.Match) -> str:
        name = prefix + match.group(2)
        seen[name] = seen.get(name, 0) + 1
        return f'{match.group(1)}{name}{"" if seen[name] == 1 else f"-{seen[name]}"}"'

    tag = re.sub(r'(\sid=")([^"]*)"', rename, tag)
    tag = tag.replace("url(#", f"url(#{prefix}")
    return tag.replace('href="#', f'href="#{prefix}')
