"""Arabic text for renderers: hand over plain text where the renderer shapes it, shaped text where not.

Pillow with libraqm (the PyPI wheels) and matplotlib 3.11 or newer (built with libraqm) shape
and reorder Arabic themselves; given the classic ``get_display(arabic_reshaper.reshape(s))``,
they render it backwards. Without a shaping engine, plain text comes out as disjoint letters,
left to right, and the classic recipe is right. So the choice is made per renderer, at run time.

Override for odd stacks: ``force("shape")`` / ``force("plain")`` / ``force(None)``, or the
environment variable ``MEDIAKIT_ARABIC_SHAPING`` set to ``shape`` or ``plain``.
"""

from __future__ import annotations

import os
import re
from functools import cache

__all__ = ["RENDERERS", "display_text", "force", "renderer_shapes"]

RENDERERS = ("matplotlib", "pillow")
_FORCED: str | None = None
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def force(mode: str | None) -> None:
    """Override the detection: ``"shape"`` (always reshape and reorder), ``"plain"`` (never), or
    ``None`` (detect again).

    Examples
    --------
    >>> force("shape"); display_text("مصر") != "مصر"
    True
    >>> force(None)
    """
    global _FORCED
    if mode not in (None, "shape", "plain"):
        raise ValueError(f"mode must be 'shape', 'plain' or None, not {mode!r}")
    _FORCED = mode


@cache
def _matplotlib_shapes() -> bool:
    import matplotlib
    from matplotlib import ft2font

    major, minor = (int(x) for x in re.findall(r"\d+", matplotlib.__version__)[:2])
    return (major, minor) >= (3, 11) and bool(getattr(ft2font, "__libraqm_version__", None))


@cache
def _pillow_shapes() -> bool:
    from PIL import features

    return bool(features.check("raqm"))


def renderer_shapes(renderer: str = "matplotlib") -> bool:
    """Whether the renderer shapes and reorders Arabic itself (after any override).

    Examples
    --------
    >>> isinstance(renderer_shapes("pillow"), bool)
    True
    """
    if renderer not in RENDERERS:
        raise ValueError(f"renderer must be one of {', '.join(RENDERERS)}, not {renderer!r}")
    mode = _FORCED or os.environ.get("MEDIAKIT_ARABIC_SHAPING") or None
    if mode == "shape":
        return False
    if mode == "plain":
        return True
    return _matplotlib_shapes() if renderer == "matplotlib" else _pillow_shapes()


def display_text(text: str, *, renderer: str = "matplotlib") -> str:
    """What to hand a renderer so that ``text`` appears joined and right to left.

    Unchanged where the renderer shapes Arabic itself, or where the text holds no Arabic;
    reshaped (presentation forms) and reordered (visual order) where it does not.

    Parameters
    ----------
    text : str
    renderer : {"matplotlib", "pillow"}, default "matplotlib"

    Returns
    -------
    str

    Examples
    --------
    >>> display_text("NATO") == "NATO"
    True
    """
    if not _ARABIC.search(text) or renderer_shapes(renderer):
        return text
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))
