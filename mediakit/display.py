"""Arabic text for renderers: hand over plain text where the renderer shapes it, shaped text where not.

Pillow with libraqm (the PyPI wheels) and matplotlib 3.11 or newer (built with libraqm) shape
and reorder Arabic themselves; given the classic ``get_display(arabic_reshaper.reshape(s))``,
they render it backwards. Without a shaping engine, plain text comes out as disjoint letters,
left to right, and the classic recipe is right. So the choice is made per renderer, at run time.

Override for odd stacks: ``force("shape")`` / ``force("plain")`` / ``force(None)``, or the
environment variable ``MEDIAKIT_ARABIC_SHAPING`` set to ``shape`` or ``plain``.
"""

from __future__ import annotations

import importlib
import os
import re
from functools import cache
from pathlib import Path

__all__ = ["RENDERERS", "arabic_font", "display_text", "force", "renderer_shapes", "use_arabic_font"]

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
    # raqm must be compiled in AND be the engine a font actually gets by default
    from PIL import ImageFont, features

    if not features.check("raqm"):
        return False
    try:
        font = ImageFont.truetype(str(arabic_font("sans")), 12)
    except (OSError, FileNotFoundError):
        return True
    return font.layout_engine == ImageFont.Layout.RAQM


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
    reshaped (presentation forms) and reordered (visual order) where it does not. On that
    second path diacritics are left out: a renderer without a shaping engine cannot place them.

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


_PACKAGED = {
    "sans": ("fontpkg_noto_sans_arabic", "fontpkg-noto-sans-arabic", "NotoSansArabic*.ttf"),
    "naskh": ("fontpkg_amiri", "fontpkg-amiri", "Amiri-Regular.ttf"),
}


def _covers_arabic(path: Path) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(str(path)).get_charmap()
    except (RuntimeError, OSError):
        return False
    return all(ord(ch) in charmap for ch in "ابتجدعلمنهوي")


@cache
def arabic_font(style: str = "sans") -> Path:
    """A font file with Arabic glyphs: the one the install brings, else a system font.

    Parameters
    ----------
    style : {"sans", "naskh"}, default "sans"
        ``"sans"``: Noto Sans Arabic (package ``fontpkg-noto-sans-arabic``, a dependency);
        ``"naskh"``: Amiri (package ``fontpkg-amiri``), the book style.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileNotFoundError
        When no font with Arabic glyphs is installed; names the package to install.

    Examples
    --------
    >>> arabic_font().suffix
    '.ttf'
    """
    if style not in _PACKAGED:
        raise ValueError(f"style must be 'sans' or 'naskh', not {style!r}")
    module, package, pattern = _PACKAGED[style]
    try:
        root = importlib.import_module(module).ROOT
        found = sorted((Path(root) / "files").glob(pattern))
        if found:
            return found[0]
    except ImportError:
        pass
    from matplotlib import font_manager

    preferred = ("amiri", "naskh") if style == "naskh" else ("notosansarabic", "sansarabic", "arabic", "dejavusans.")
    system = sorted(font_manager.findSystemFonts(), key=lambda p: Path(p).name.lower())
    for hint in preferred:
        for path in system:
            if hint in Path(path).name.lower().replace(" ", "").replace("-", "") and _covers_arabic(Path(path)):
                return Path(path)
    raise FileNotFoundError(
        f"no font with Arabic glyphs found for style {style!r}: pip install {package} "
        "(or install a system font such as fonts-noto-core or fonts-hosny-amiri)"
    )


def use_arabic_font(style: str = "sans") -> str:
    """Make matplotlib draw Arabic titles, labels, ticks and legends with an Arabic font.

    The Arabic font comes first in matplotlib's font list, with DejaVu Sans after it for the
    Latin letters and symbols it lacks. Arabic strings still need :func:`display_text` on
    stacks without a shaping engine; mediakit's plot functions do that themselves.

    Parameters
    ----------
    style : {"sans", "naskh"}, default "sans"

    Returns
    -------
    str
        The font family name now in use.

    Examples
    --------
    >>> use_arabic_font()
    'Noto Sans Arabic'
    """
    import matplotlib
    from matplotlib import font_manager

    path = arabic_font(style)
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    key = "font.serif" if style == "naskh" else "font.sans-serif"
    matplotlib.rcParams[key] = [family, "DejaVu Sans", *matplotlib.rcParams[key]]
    matplotlib.rcParams["font.family"] = "serif" if style == "naskh" else "sans-serif"
    return family
